// The one translation unit that instantiates Catch2's runner (Catch2 2.x is header-only).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
