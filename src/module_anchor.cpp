// Linked into every module library so a module whose sources are still being written (or a
// header-only one) is still a valid static library.
namespace gdap {
[[maybe_unused]] static const int k_module_anchor = 0;
}  // namespace gdap
