# ASan + UBSan as one switch; CI runs the whole suite under it.
add_library(gdap_settings INTERFACE)
target_compile_definitions(gdap_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(GDAP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GDAP_FUZZ needs clang (CXX=clang++): libFuzzer comes with clang")
  endif()
  # The fuzz targets run under ASan + UBSan, and so does everything else in this build: one
  # instrumented build serves both the fuzzing and the sanitised test run (tests/run-all.sh).
  set(GDAP_SANITIZE ON CACHE BOOL "Build with AddressSanitizer and UndefinedBehaviorSanitizer" FORCE)
endif()
if(GDAP_SANITIZE)
  set(_gdap_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(gdap_settings INTERFACE ${_gdap_san})
  if(GDAP_FUZZ)
    # Coverage feedback in every library; only the fuzz executables link libFuzzer's main.
    list(APPEND _gdap_san -fsanitize=fuzzer-no-link)
  endif()
  target_compile_options(gdap_settings INTERFACE ${_gdap_san})
endif()
