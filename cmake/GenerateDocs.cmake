# Writes the man page and the shell completions into OUTPUT_DIR by asking the built gdapcheck
# (EXECUTABLE) for them, so they come from the same command-line definition as --help.
#   cmake -DEXECUTABLE=... -DOUTPUT_DIR=... -P GenerateDocs.cmake
file(MAKE_DIRECTORY "${OUTPUT_DIR}")
foreach(pair "manpage;gdapcheck.1" "completion;bash;gdapcheck.bash" "completion;zsh;_gdapcheck"
    "completion;fish;gdapcheck.fish")
  list(POP_BACK pair file_name)
  execute_process(COMMAND "${EXECUTABLE}" ${pair}
    OUTPUT_FILE "${OUTPUT_DIR}/${file_name}.new" ERROR_VARIABLE errors RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    file(REMOVE "${OUTPUT_DIR}/${file_name}.new")
    message(FATAL_ERROR "gdapcheck ${pair} failed (${status}): ${errors}")
  endif()
  file(RENAME "${OUTPUT_DIR}/${file_name}.new" "${OUTPUT_DIR}/${file_name}")
endforeach()
