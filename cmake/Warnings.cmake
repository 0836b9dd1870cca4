# One INTERFACE target carries the warning set; every project target links it PRIVATE.
# -Wnull-dereference is left out: with GCC 12 at -O2 it reports false positives inside
# libstdc++ code inlined from CLI11's headers, which no change of ours can silence.
add_library(gdap_warnings INTERFACE)
target_compile_options(gdap_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wextra-semi)
if(GDAP_WARNINGS_AS_ERRORS)
  target_compile_options(gdap_warnings INTERFACE -Werror)
endif()
