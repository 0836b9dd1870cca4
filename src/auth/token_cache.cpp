#include "gdapcheck/auth/token_cache.hpp"

#include "gdapcheck/model/files.hpp"
#include "gdapcheck/model/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gdap::auth {

namespace {

using nlohmann::json;

constexpr int k_format_version = 1;
constexpr const char* k_file_name = "tokens.json";
constexpr const char* k_lock_name = "tokens.lock";

std::string errno_text() {
  return std::strerror(errno);
}  // NOLINT(concurrency-mt-unsafe)

const char* kind_name(AccountKind kind) {
  return kind == AccountKind::app ? "app" : "delegated";
}

json to_json(const CachedAccount& account) {
  json tokens = json::object();
  for (const auto& [tenant, token] : account.access_tokens) {
    tokens[tenant] = {
        {"token", token.token}, {"expiresAt", token.expires_at}, {"scope", token.scope}};
  }
  json out = {{"kind", kind_name(account.kind)},
              {"authorityHost", account.authority_host},
              {"cloud", account.cloud},
              {"clientId", account.client_id},
              {"account", account.account},
              {"homeTenant", account.home_tenant},
              {"refreshToken", account.refresh_token},
              {"idToken", account.id_token},
              {"updatedAt", account.updated_at},
              {"accessTokens", tokens}};
  if (const auto& kept = account.kept_credential) {
    out["keptCredential"] = kept->secret.empty() ? json{{"certificate", kept->certificate_path},
                                                        {"privateKey", kept->private_key_path}}
                                                 : json{{"secret", kept->secret}};
  }
  return out;
}

// A cache larger than this is not one gdapcheck wrote (a few KB per account).
constexpr off_t k_max_cache_bytes = 16L * 1024 * 1024;

// Read like any input file: a field of the wrong type is a problem with its place, never an
// exception, and a time that does not fit is refused rather than converted.
CachedAccount account_from_json(const model::JsonNode& node) {
  CachedAccount account;
  if (!node.expect_object()) {
    return account;
  }
  const auto kind = node.optional_string("kind").value_or("delegated");
  if (kind != "app" && kind != "delegated") {
    node.problem_at("kind", R"(expected "delegated" or "app")");
  }
  account.kind = kind == "app" ? AccountKind::app : AccountKind::delegated;
  account.authority_host = node.optional_string("authorityHost").value_or("");
  account.cloud = node.optional_string("cloud").value_or("");
  account.client_id = node.optional_string("clientId").value_or("");
  account.account = node.optional_string("account").value_or("");
  account.home_tenant = node.optional_string("homeTenant").value_or("");
  account.refresh_token = node.optional_string("refreshToken").value_or("");
  account.id_token = node.optional_string("idToken").value_or("");
  account.updated_at = node.optional_integer("updatedAt").value_or(0);
  if (const auto tokens = node.child("accessTokens"); tokens && tokens->expect_object()) {
    for (const auto& item : tokens->json().items()) {
      const auto token = tokens->child(item.key());
      if (!token || !token->expect_object()) {
        continue;
      }
      CachedAccessToken cached;
      cached.token = token->optional_string("token").value_or("");
      cached.expires_at = token->optional_integer("expiresAt").value_or(0);
      cached.scope = token->optional_string("scope").value_or("");
      account.access_tokens.emplace(item.key(), std::move(cached));
    }
  }
  if (const auto kept = node.child("keptCredential"); kept && kept->expect_object()) {
    KeptCredential credential;
    credential.secret = kept->optional_string("secret").value_or("");
    credential.certificate_path = kept->optional_string("certificate").value_or("");
    credential.private_key_path = kept->optional_string("privateKey").value_or("");
    if (credential.secret.empty() == credential.certificate_path.empty()) {
      kept->problem(R"(expected either "secret" or "certificate")");
    } else {
      account.kept_credential = std::move(credential);
    }
  }
  return account;
}

// Reads the cache file, which must be the user's own regular file: a symlink is not followed (it
// could point the chmod below, or the secrets, somewhere else), a FIFO or device is refused rather
// than waited on (O_NONBLOCK), and a file with other names (hard links) or another owner is not
// trusted. A missing file is an empty cache.
Result<std::string, CacheError> read_file(const std::filesystem::path& file) {
  const model::FileDescriptor in(
      ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  const auto refused = [&file](const std::string& why) {
    return Failure{CacheError{file.string() + " " + why}};
  };
  if (in.get() < 0) {
    if (errno == ENOENT) {
      return std::string();
    }
    if (errno == ELOOP) {
      return refused("is a symbolic link; gdapcheck does not follow it (remove it)");
    }
    return refused("cannot be read: " + errno_text());
  }
  struct stat info {};
  if (::fstat(in.get(), &info) != 0) {
    return refused("cannot be read: " + errno_text());
  }
  if (!S_ISREG(info.st_mode)) {
    return refused("is not a regular file; gdapcheck does not use it (remove it)");
  }
  if (info.st_uid != ::geteuid()) {
    return refused("belongs to another user (uid " + std::to_string(info.st_uid) +
                   "); gdapcheck does not use it");
  }
  // Zero names is not a threat: another gdapcheck renamed a new cache over this one between our
  // open and fstat, and what we hold is the whole previous cache. Only extra names are.
  if (info.st_nlink > 1) {
    return refused("has other names (hard links); gdapcheck does not use it (remove it)");
  }
  if (info.st_size > k_max_cache_bytes) {
    return refused("is too large to be a token cache (remove it)");
  }
  // Someone may have widened the file's rights by hand; tokens are for the owner only. fchmod
  // acts on the file just checked, never on what a path may point to by now.
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::fchmod(in.get(), S_IRUSR | S_IWUSR);
  }
  std::string text;
  std::array<char, 16384> buffer{};
  for (;;) {
    const auto got = ::read(in.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return refused("cannot be read: " + errno_text());
    }
    if (got == 0) {
      break;
    }
    text.append(buffer.data(), static_cast<std::size_t>(got));
    if (text.size() > static_cast<std::size_t>(k_max_cache_bytes)) {
      return refused("is too large to be a token cache (remove it)");
    }
  }
  return text;
}

// The cache folder must be the user's own; wider rights than 0700 are narrowed (they would let
// others replace or read the cache). Opened once, without following a symlink, and checked
// through that descriptor.
Result<Ok, CacheError> check_folder(const std::filesystem::path& dir) {
  const model::FileDescriptor folder(
      ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  const auto refused = [&dir](const std::string& why) {
    return Failure{CacheError{"the token cache folder " + dir.string() + " " + why}};
  };
  if (folder.get() < 0) {
    if (errno == ELOOP) {
      return refused("is a symbolic link; set GDAPCHECK_CACHE_DIR to a real folder of your own");
    }
    if (errno == ENOTDIR) {
      return refused("is not a folder");
    }
    return refused("cannot be opened: " + errno_text());
  }
  struct stat info {};
  if (::fstat(folder.get(), &info) != 0) {
    return refused("cannot be opened: " + errno_text());
  }
  if (info.st_uid != ::geteuid()) {
    return refused("belongs to another user (uid " + std::to_string(info.st_uid) +
                   "); set GDAPCHECK_CACHE_DIR to a folder of your own");
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0 && ::fchmod(folder.get(), S_IRWXU) != 0) {
    return refused("is open to other users and cannot be narrowed to 0700: " + errno_text());
  }
  return Ok{};
}

}  // namespace

std::string account_key(std::string_view authority_host, std::string_view client_id,
                        std::string_view account) {
  return std::string(authority_host) + "|" + std::string(client_id) + "|" + std::string(account);
}

std::string selection_key(std::string_view authority_host, std::string_view client_id) {
  return std::string(authority_host) + "|" + std::string(client_id);
}

std::string serialise_cache(const CacheData& data) {
  json accounts = json::object();
  for (const auto& [key, account] : data.accounts) {
    accounts[key] = to_json(account);
  }
  json current = json::object();
  for (const auto& [key, value] : data.current) {
    current[key] = value;
  }
  const json document = {{"version", k_format_version},
                         {"accounts", accounts},
                         {"current", current},
                         {"active", data.active}};
  return document.dump(2) + "\n";
}

Result<CacheData, CacheError> parse_cache(std::string_view text) {
  CacheData data;
  if (text.empty()) {
    return data;
  }
  std::vector<model::Problem> problems;
  const auto document = model::parse_json_object(text, problems);
  if (!document) {
    return Failure{CacheError{"the token cache is not valid JSON: " + problems.front().message}};
  }
  const model::JsonNode root(*document, "", problems);
  if (root.optional_integer("version") != k_format_version) {
    return Failure{CacheError{"the token cache is not in a format this gdapcheck understands"}};
  }
  if (const auto accounts = root.child("accounts"); accounts && accounts->expect_object()) {
    for (const auto& item : accounts->json().items()) {
      data.accounts.emplace(item.key(), account_from_json(*accounts->child(item.key())));
    }
  }
  if (const auto current = root.child("current"); current && current->expect_object()) {
    for (const auto& item : current->json().items()) {
      if (auto value = current->optional_string(item.key())) {
        data.current.emplace(item.key(), std::move(*value));
      }
    }
  }
  data.active = root.optional_string("active").value_or("");
  if (!problems.empty()) {
    const auto& first = problems.front();
    return Failure{CacheError{"the token cache has a field of the wrong type at " + first.path +
                              ": " + first.message}};
  }
  return data;
}

TokenCache::TokenCache(std::filesystem::path dir) : m_dir(std::move(dir)) {}

std::filesystem::path TokenCache::file() const {
  return m_dir / k_file_name;
}

Result<Ok, CacheError> TokenCache::ensure_dir() const {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(m_dir, ec))) {
    const auto parent = m_dir.parent_path();
    if (!parent.empty()) {
      std::filesystem::create_directories(parent, ec);
    }
    // 0700 from the start: never a moment with wider rights.
    if (::mkdir(m_dir.c_str(), S_IRWXU) != 0 && errno != EEXIST) {
      return Failure{CacheError{"cannot create the token cache folder " + m_dir.string() + ": " +
                                errno_text()}};
    }
  }
  return check_folder(m_dir);
}

Result<CacheData, CacheError> TokenCache::load() const {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(m_dir, ec))) {
    if (auto unsafe = check_folder(m_dir); !unsafe.ok()) {
      return Failure{std::move(unsafe).error()};
    }
  }
  auto text = read_file(file());
  if (!text.ok()) {
    return Failure{std::move(text).error()};
  }
  auto parsed = parse_cache(text.value());
  if (!parsed.ok()) {
    parsed.error().message =
        file().string() + ": " + parsed.error().message + " (run gdapcheck logout)";
  }
  return parsed;
}

Result<Ok, CacheError> TokenCache::update(const std::function<bool(CacheData&)>& change) {
  if (auto ready = ensure_dir(); !ready.ok()) {
    return ready;
  }
  const auto lock_path = m_dir / k_lock_name;
  // Closing it releases the flock, on every way out.
  const model::FileDescriptor lock(
      ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR));
  if (lock.get() < 0) {
    return Failure{
        CacheError{"cannot open the token cache lock " + lock_path.string() + ": " + errno_text()}};
  }
  // Held until `lock` closes: read-merge-write is one step for every gdapcheck process.
  while (::flock(lock.get(), LOCK_EX) != 0) {
    if (errno != EINTR) {
      return Failure{CacheError{"cannot lock the token cache: " + errno_text()}};
    }
  }

  // A file that is not the user's own regular file is refused; a damaged one is replaced.
  auto text = read_file(file());
  if (!text.ok()) {
    return Failure{std::move(text).error()};
  }
  CacheData data;
  if (auto parsed = parse_cache(text.value()); parsed.ok()) {
    data = std::move(parsed).value();
  }
  if (!change(data)) {
    return Ok{};
  }
  if (auto failure = model::replace_file(
          file(), serialise_cache(data),
          std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)) {
    return Failure{CacheError{"cannot write the token cache " + file().string() + ": " + *failure}};
  }
  return Ok{};
}

Result<Ok, CacheError> TokenCache::check_writable() const {
  if (auto ready = ensure_dir(); !ready.ok()) {
    return ready;
  }
  if (auto failure = model::why_cannot_replace(file())) {
    return Failure{CacheError{"cannot write the token cache: " + *failure}};
  }
  // A symlink, FIFO or someone else's file in its place is refused now, not after sign-in.
  if (auto existing = read_file(file()); !existing.ok()) {
    return Failure{std::move(existing).error()};
  }
  return Ok{};
}

Result<Ok, CacheError> TokenCache::clear() {
  for (const auto* name : {k_file_name, k_lock_name}) {
    const auto path = m_dir / name;
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return Failure{CacheError{"cannot remove " + path.string() + ": " + errno_text()}};
    }
  }
  // Leftovers of an interrupted write hold tokens too.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(m_dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind(std::string(k_file_name) + ".tmp.", 0) == 0) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
  return Ok{};
}

}  // namespace gdap::auth
