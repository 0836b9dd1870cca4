#pragma once

// Writing a file so that nobody ever reads half of it, and finding out before a long run whether
// that write will be possible. Failures come back as the reason, with the system's own words.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gdap::model {

// Owns a POSIX file descriptor and closes it on every way out (negative: none).
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  ~FileDescriptor();
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  FileDescriptor(FileDescriptor&&) = delete;
  FileDescriptor& operator=(FileDescriptor&&) = delete;
  int get() const { return m_fd; }

 private:
  int m_fd;
};

// Whether two paths name the same file: one file under two names (hard links, symlinks), or the
// same place spelt two ways ("./a" and "a"), existing or not.
bool same_file(const std::filesystem::path& left, const std::filesystem::path& right);

// Why `path` could not be written by replace_file: its folder is missing or not a folder, `path`
// is a folder, or no file can be created there. Nullopt when it can. Tries for real (creates and
// removes the same temporary file replace_file would use), so read-only file systems and
// permissions count as they will at the end.
std::optional<std::string> why_cannot_replace(const std::filesystem::path& path);

// Writes `content` to a temporary file beside `path` (created new, `permissions` before the
// umask, symlinks not followed), flushes it to disk and renames it over `path`. Returns why it
// failed, or nullopt; the temporary file never stays behind. Temporary files are named
// "<file name>.tmp.<pid>.<random>".
std::optional<std::string> replace_file(const std::filesystem::path& path, std::string_view content,
                                        std::filesystem::perms permissions);

// Receives a file's content piece by piece, in order.
using ContentSink = std::function<void(std::string_view piece)>;

// The same, with the content handed piece by piece by `produce` to the sink it is given, so a
// report of hundreds of megabytes is never in memory whole. After a write fails, later pieces are
// dropped and that failure is returned. If `produce` throws, the temporary file is removed and
// the exception goes on.
std::optional<std::string> replace_file(const std::filesystem::path& path,
                                        const std::function<void(const ContentSink&)>& produce,
                                        std::filesystem::perms permissions);

}  // namespace gdap::model
