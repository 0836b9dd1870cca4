// Tiny by design: everything happens in cli::run, which catches what ends a run.
#include "gdapcheck/cli/app.hpp"

int main(int argc, char** argv) {
  return gdap::cli::run(argc, argv);
}
