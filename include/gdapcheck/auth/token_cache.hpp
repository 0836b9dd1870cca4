#pragma once

// The token cache: one JSON file (0600) in a 0700 folder, replaced atomically (temp + rename)
// under an exclusive lock, re-read and merged before each write, so two gdapcheck processes can
// refresh tokens at the same time without losing each other's updates.

#include "gdapcheck/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace gdap::auth {

struct CachedAccessToken {
  std::string token;
  std::int64_t expires_at = 0;  // epoch seconds
  std::string scope;
};

enum class AccountKind { delegated, app };

// An app-only credential kept because `login --keep-secret` asked for it, so unattended runs need
// no secret in their environment: the secret's value, or where the certificate and its key are
// (their contents stay in those files). Never kept otherwise.
struct KeptCredential {
  std::string secret;
  std::string certificate_path;
  std::string private_key_path;  // empty: the key is in the certificate file
};

struct CachedAccount {
  AccountKind kind = AccountKind::delegated;
  std::string authority_host;
  std::string cloud;  // global, usgov, usgovdod, china; empty in caches written before it was kept
  std::string client_id;
  std::string account;        // UPN (delegated) or the tenant (app-only)
  std::string home_tenant;    // tenant id from the token, else the tenant signed in to
  std::string refresh_token;  // newest one; empty for app-only
  std::string id_token;
  std::int64_t updated_at = 0;
  // Access tokens by the tenant they were requested for (lower-case).
  std::map<std::string, CachedAccessToken> access_tokens;
  std::optional<KeptCredential> kept_credential;  // app-only, on request only
};

struct CacheData {
  // By account_key().
  std::map<std::string, CachedAccount> accounts;
  // The account last signed in, by selection_key(): what `whoami` and token requests use.
  std::map<std::string, std::string> current;
  // The account last signed in, whatever its cloud and client (account_key()): what every command
  // uses when no flag picks another. Empty in caches written before it was kept.
  std::string active;
};

struct CacheError {
  std::string message;
};

// "host|client id|account": one cache entry per signed-in identity and client.
std::string account_key(std::string_view authority_host, std::string_view client_id,
                        std::string_view account);
// "host|client id": which account is current for this authority and client.
std::string selection_key(std::string_view authority_host, std::string_view client_id);

// Serialise and parse the file format (exposed for tests).
std::string serialise_cache(const CacheData& data);
Result<CacheData, CacheError> parse_cache(std::string_view text);

class TokenCache {
 public:
  explicit TokenCache(std::filesystem::path dir);

  // Read the cache; a missing file is an empty cache.
  Result<CacheData, CacheError> load() const;

  // Lock, re-read, apply `change`, and when it returns true write a new file and rename it into
  // place. The lock is held while `change` runs, so a refresh done inside it (network included)
  // is never raced by another gdapcheck process using the same refresh token. An unreadable or
  // corrupt file counts as empty (its tokens were unusable anyway).
  Result<Ok, CacheError> update(const std::function<bool(CacheData&)>& change);

  // Whether update() will be able to write: creates the folder (0700) if needed and tries to
  // create a file in it. For commands that should fail before they ask the user for anything.
  Result<Ok, CacheError> check_writable() const;

  // Forget everything: delete the cache file and the lock file. Missing files are fine.
  Result<Ok, CacheError> clear();

  const std::filesystem::path& dir() const { return m_dir; }
  std::filesystem::path file() const;

 private:
  Result<Ok, CacheError> ensure_dir() const;

  std::filesystem::path m_dir;
};

}  // namespace gdap::auth
