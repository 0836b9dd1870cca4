#include "gdapcheck/model/files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace gdap::model {

namespace {

std::string errno_text(int error) {
  return std::strerror(error);  // NOLINT(concurrency-mt-unsafe): messages only, no shared state
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
  const auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

std::filesystem::path temporary_beside(const std::filesystem::path& path) {
  std::random_device random;
  return folder_of(path) / (path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                            std::to_string(random()));
}

int create_new(const std::filesystem::path& file, std::filesystem::perms permissions) {
  return ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                static_cast<mode_t>(permissions));
}

std::optional<std::string> write_piece(int fd, std::string_view content) {
  std::size_t written = 0;
  while (written < content.size()) {
    const auto result = ::write(fd, content.data() + written, content.size() - written);
    if (result < 0 && errno == EINTR) {
      continue;
    }
    if (result <= 0) {
      return errno_text(result < 0 ? errno : EIO);
    }
    written += static_cast<std::size_t>(result);
  }
  return std::nullopt;
}

}  // namespace

FileDescriptor::~FileDescriptor() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

bool same_file(const std::filesystem::path& left, const std::filesystem::path& right) {
  std::error_code ec;
  if (std::filesystem::equivalent(left, right, ec)) {
    return true;
  }
  const auto left_path = std::filesystem::weakly_canonical(left, ec);
  const auto right_path = std::filesystem::weakly_canonical(right, ec);
  return !ec && left_path == right_path;
}

std::optional<std::string> why_cannot_replace(const std::filesystem::path& path) {
  const auto folder = folder_of(path);
  std::error_code ec;
  const auto folder_status = std::filesystem::status(folder, ec);
  if (!std::filesystem::exists(folder_status)) {
    return "the folder " + folder.string() + " does not exist";
  }
  if (!std::filesystem::is_directory(folder_status)) {
    return folder.string() + " is not a folder";
  }
  if (std::filesystem::is_directory(path, ec)) {
    return path.string() + " is a folder";
  }
  const auto probe = temporary_beside(path);
  const FileDescriptor created(create_new(probe, std::filesystem::perms::owner_read));
  if (created.get() < 0) {
    return "cannot create a file in " + folder.string() + ": " + errno_text(errno);
  }
  ::unlink(probe.c_str());
  return std::nullopt;
}

std::optional<std::string> replace_file(const std::filesystem::path& path,
                                        const std::function<void(const ContentSink&)>& produce,
                                        std::filesystem::perms permissions) {
  const auto temporary = temporary_beside(path);
  std::optional<std::string> failure;
  {
    const FileDescriptor out(create_new(temporary, permissions));
    if (out.get() < 0) {
      return "cannot create a file in " + folder_of(path).string() + ": " + errno_text(errno);
    }
    const ContentSink write = [&](std::string_view piece) {
      if (!failure) {
        failure = write_piece(out.get(), piece);
      }
    };
    try {
      produce(write);
    } catch (...) {
      ::unlink(temporary.c_str());
      throw;
    }
    if (!failure && ::fsync(out.get()) != 0) {
      failure = errno_text(errno);
    }
  }
  if (!failure && ::rename(temporary.c_str(), path.c_str()) != 0) {
    failure = errno_text(errno);
  }
  if (failure) {
    ::unlink(temporary.c_str());
  }
  return failure;
}

std::optional<std::string> replace_file(const std::filesystem::path& path, std::string_view content,
                                        std::filesystem::perms permissions) {
  return replace_file(
      path, [content](const ContentSink& write) { write(content); }, permissions);
}

}  // namespace gdap::model
