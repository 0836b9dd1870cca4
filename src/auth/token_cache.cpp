#include "gdapcheck/auth/token_cache.hpp"

#include "gdapcheck/model/files.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
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
  return {{"kind", kind_name(account.kind)},
          {"authorityHost", account.authority_host},
          {"clientId", account.client_id},
          {"account", account.account},
          {"homeTenant", account.home_tenant},
          {"refreshToken", account.refresh_token},
          {"idToken", account.id_token},
          {"updatedAt", account.updated_at},
          {"accessTokens", tokens}};
}

CachedAccount account_from_json(const json& value) {
  CachedAccount account;
  account.kind = value.value("kind", std::string("delegated")) == "app" ? AccountKind::app
                                                                        : AccountKind::delegated;
  account.authority_host = value.value("authorityHost", std::string());
  account.client_id = value.value("clientId", std::string());
  account.account = value.value("account", std::string());
  account.home_tenant = value.value("homeTenant", std::string());
  account.refresh_token = value.value("refreshToken", std::string());
  account.id_token = value.value("idToken", std::string());
  account.updated_at = value.value("updatedAt", std::int64_t{0});
  if (const auto tokens = value.find("accessTokens");
      tokens != value.end() && tokens->is_object()) {
    for (const auto& [tenant, token] : tokens->items()) {
      CachedAccessToken cached;
      cached.token = token.value("token", std::string());
      cached.expires_at = token.value("expiresAt", std::int64_t{0});
      cached.scope = token.value("scope", std::string());
      account.access_tokens.emplace(tenant, std::move(cached));
    }
  }
  return account;
}

Result<std::string, CacheError> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      return std::string();
    }
    return Failure{
        CacheError{"cannot read the token cache " + file.string() + ": " + errno_text()}};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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
  const json document = {
      {"version", k_format_version}, {"accounts", accounts}, {"current", current}};
  return document.dump(2) + "\n";
}

Result<CacheData, CacheError> parse_cache(std::string_view text) {
  CacheData data;
  if (text.empty()) {
    return data;
  }
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || document.value("version", 0) != k_format_version) {
    return Failure{CacheError{"the token cache is not in a format this gdapcheck understands"}};
  }
  try {
    if (const auto accounts = document.find("accounts");
        accounts != document.end() && accounts->is_object()) {
      for (const auto& [key, value] : accounts->items()) {
        if (value.is_object()) {
          data.accounts.emplace(key, account_from_json(value));
        }
      }
    }
    if (const auto current = document.find("current");
        current != document.end() && current->is_object()) {
      for (const auto& [key, value] : current->items()) {
        if (value.is_string()) {
          data.current.emplace(key, value.get<std::string>());
        }
      }
    }
  } catch (const json::exception&) {
    return Failure{CacheError{"the token cache has fields of the wrong type"}};
  }
  return data;
}

TokenCache::TokenCache(std::filesystem::path dir) : m_dir(std::move(dir)) {}

std::filesystem::path TokenCache::file() const {
  return m_dir / k_file_name;
}

Result<Ok, CacheError> TokenCache::ensure_dir() const {
  std::error_code ec;
  if (std::filesystem::is_directory(m_dir, ec)) {
    return Ok{};
  }
  const auto parent = m_dir.parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, ec);
  }
  // 0700 from the start (never a moment with wider rights); chmod again in case umask interfered.
  if (::mkdir(m_dir.c_str(), S_IRWXU) != 0 && errno != EEXIST) {
    return Failure{
        CacheError{"cannot create the token cache folder " + m_dir.string() + ": " + errno_text()}};
  }
  if (!std::filesystem::is_directory(m_dir, ec)) {
    return Failure{CacheError{"the token cache folder " + m_dir.string() + " is not a folder"}};
  }
  ::chmod(m_dir.c_str(), S_IRWXU);
  return Ok{};
}

Result<CacheData, CacheError> TokenCache::load() const {
  // Someone may have widened the file's rights by hand; tokens are for the owner only.
  struct stat info {};
  if (::stat(file().c_str(), &info) == 0 && (info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::chmod(file().c_str(), S_IRUSR | S_IWUSR);
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

  CacheData data;
  if (auto text = read_file(file()); text.ok()) {
    if (auto parsed = parse_cache(text.value()); parsed.ok()) {
      data = std::move(parsed).value();
    }
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
