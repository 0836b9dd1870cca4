# ASan + UBSan as one switch; CI runs the whole suite under it.
add_library(gdap_settings INTERFACE)
target_compile_definitions(gdap_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(GDAP_SANITIZE)
  set(_gdap_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(gdap_settings INTERFACE ${_gdap_san})
  target_link_options(gdap_settings INTERFACE ${_gdap_san})
endif()
