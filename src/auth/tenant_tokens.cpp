#include "gdapcheck/auth/tenant_tokens.hpp"

#include "gdapcheck/auth/accounts.hpp"
#include "gdapcheck/model/catalog.hpp"
#include "gdapcheck/model/text.hpp"
#include "gdapcheck/model/time.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

namespace gdap::auth {

namespace {

using std::chrono::system_clock;

std::int64_t epoch_seconds(system_clock::time_point time) {
  return model::to_unix_time(time);
}

// A cached expiry is whatever the file says: converted without overflow.
system_clock::time_point from_epoch(std::int64_t seconds) {
  return model::to_time_point(seconds);
}

// When a token granted at `now` for `lifetime` (the answer's expires_in, any number) expires.
std::int64_t expiry_of(system_clock::time_point now, std::chrono::seconds lifetime) {
  return model::add_seconds(model::to_unix_time(now), lifetime.count());
}

AuthFailure make_failure(FailureKind kind, std::string_view tenant, std::string description) {
  AuthFailure failure;
  failure.kind = kind;
  failure.tenant = std::string(tenant);
  failure.description = std::move(description);
  return failure;
}

// "run 'gdapcheck login …'" for the account `config` names, in its cloud, tenant and client.
std::string login_hint(const AuthConfig& config, AccountKind kind) {
  return "run '" + login_command(config.cloud, config.tenant, config.client_id, kind) + "'";
}

AuthFailure not_signed_in(std::string_view tenant, const AuthConfig& config) {
  return make_failure(FailureKind::not_signed_in, tenant,
                      "not signed in; " + login_hint(config, AccountKind::delegated));
}

const CachedAccount* current_account(const CacheData& data, const AuthConfig& config) {
  std::string key = config.account_key;
  if (key.empty()) {
    const auto selected = data.current.find(selection_key(config.authority_host, config.client_id));
    if (selected == data.current.end()) {
      return nullptr;
    }
    key = selected->second;
  }
  const auto found = data.accounts.find(key);
  return found == data.accounts.end() ? nullptr : &found->second;
}

CachedAccount* current_account(CacheData& data, const AuthConfig& config) {
  return const_cast<CachedAccount*>(  // NOLINT(cppcoreguidelines-pro-type-const-cast)
      current_account(std::as_const(data), config));
}

SignedInAccount describe_account(const CachedAccount& account) {
  SignedInAccount signed_in;
  signed_in.kind = account.kind;
  signed_in.authority_host = account.authority_host;
  signed_in.client_id = account.client_id;
  signed_in.home_tenant = account.home_tenant;
  const auto token = account.access_tokens.find(model::lowercase(account.home_tenant));
  const std::string access = token == account.access_tokens.end() ? "" : token->second.token;
  signed_in.identity = identity_from_tokens(access, account.id_token);
  if (token != account.access_tokens.end()) {
    // Our own record of expires_in is exact even when the token is opaque.
    signed_in.identity.access_token_expires_at = from_epoch(token->second.expires_at);
  }
  if (!signed_in.identity.tenant_id) {
    signed_in.identity.tenant_id = account.home_tenant;
  }
  if (!signed_in.identity.account && account.kind == AccountKind::delegated) {
    signed_in.identity.account = account.account;
  }
  return signed_in;
}

std::optional<ClientCredential> kept_client_credential(const std::optional<KeptCredential>& kept) {
  if (!kept) {
    return std::nullopt;
  }
  if (!kept->secret.empty()) {
    return ClientSecret{kept->secret};
  }
  return ClientCertificate{kept->certificate_path, kept->private_key_path};
}

bool fresh_enough(const CachedAccessToken& token, system_clock::time_point now) {
  return !token.token.empty() && from_epoch(token.expires_at) - now > k_refresh_margin;
}

AccessToken to_access_token(const CachedAccessToken& cached, std::string_view tenant,
                            std::string_view id_token) {
  AccessToken token;
  token.value = cached.token;
  token.expires_at = from_epoch(cached.expires_at);
  token.tenant = std::string(tenant);
  token.identity = identity_from_tokens(cached.token, id_token);
  token.identity.access_token_expires_at = token.expires_at;
  return token;
}

http::Request refresh_request(const AuthConfig& config, std::string_view tenant,
                              const std::string& refresh_token,
                              const std::vector<std::string>& scopes) {
  const std::string scope =
      scopes.empty() ? default_scope(config) : qualified_scopes(config, scopes);
  return form_post(token_endpoint(config, tenant), {{"client_id", config.client_id},
                                                    {"grant_type", "refresh_token"},
                                                    {"refresh_token", refresh_token},
                                                    {"scope", scope + " offline_access"}});
}

// Whether a token's granted scopes (the token answer's `scope`: names, Graph-host-qualified or
// not) include every one of `wanted`, by name and without regard to case.
bool grants(const std::string& granted, const std::vector<std::string>& wanted) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start < granted.size()) {
    auto end = granted.find(' ', start);
    if (end == std::string::npos) {
      end = granted.size();
    }
    auto scope = granted.substr(start, end - start);
    if (const auto slash = scope.rfind('/'); slash != std::string::npos) {
      scope.erase(0, slash + 1);
    }
    names.push_back(model::lowercase(scope));
    start = end + 1;
  }
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& scope) {
    return std::find(names.begin(), names.end(), model::lowercase(scope)) != names.end();
  });
}

void drop_expired(std::map<std::string, CachedAccessToken>& tokens, system_clock::time_point now) {
  for (auto it = tokens.begin(); it != tokens.end();) {
    it = from_epoch(it->second.expires_at) <= now ? tokens.erase(it) : std::next(it);
  }
}

}  // namespace

Clock system_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

Result<SignedInAccount, AuthFailure> save_sign_in(TokenCache& cache, const AuthConfig& config,
                                                  std::string_view tenant,
                                                  const TokenResponse& tokens, AccountKind kind,
                                                  system_clock::time_point now,
                                                  std::optional<KeptCredential> keep) {
  const Identity identity = identity_from_tokens(tokens.access_token, tokens.id_token);
  CachedAccount account;
  account.kind = kind;
  account.authority_host = config.authority_host;
  account.cloud = config.cloud;
  account.client_id = config.client_id;
  account.home_tenant = identity.tenant_id.value_or(std::string(tenant));
  if (kind == AccountKind::app) {
    account.account = model::lowercase(tenant);
  } else {
    account.account = identity.account.value_or(identity.object_id.value_or(account.home_tenant));
  }
  account.refresh_token = tokens.refresh_token;
  account.id_token = tokens.id_token;
  account.updated_at = epoch_seconds(now);
  if (kind == AccountKind::app) {
    account.kept_credential = std::move(keep);
  }
  account.access_tokens[model::lowercase(account.home_tenant)] =
      CachedAccessToken{tokens.access_token, expiry_of(now, tokens.expires_in), tokens.scope};

  const std::string key = account_key(config.authority_host, config.client_id, account.account);
  auto saved = cache.update([&](CacheData& data) {
    data.accounts[key] = account;  // a new sign-in replaces that identity's old tokens
    data.current[selection_key(config.authority_host, config.client_id)] = key;
    data.active = key;
    return true;
  });
  if (!saved.ok()) {
    return Failure{make_failure(FailureKind::cache, tenant, saved.error().message)};
  }
  return describe_account(account);
}

Result<SignedInAccount, AuthFailure> signed_in_account(const TokenCache& cache,
                                                       const AuthConfig& config) {
  auto loaded = cache.load();
  if (!loaded.ok()) {
    return Failure{make_failure(FailureKind::cache, "", loaded.error().message)};
  }
  const auto* account = current_account(loaded.value(), config);
  if (account == nullptr) {
    return Failure{make_failure(FailureKind::not_signed_in, "",
                                "not signed in to " + config.authority_host + " with client " +
                                    config.client_id + "; " +
                                    login_hint(config, AccountKind::delegated))};
  }
  return describe_account(*account);
}

TenantTokens::TenantTokens(AuthConfig config, Clock clock)
    : m_config(std::move(config)), m_clock(std::move(clock)), m_cache(m_config.cache_dir) {}

void TenantTokens::set_client_credential(ClientCredential credential) {
  m_credential = std::move(credential);
}

Result<Ok, AuthFailure> TenantTokens::open() {
  auto loaded = m_cache.load();
  if (!loaded.ok()) {
    return Failure{make_failure(FailureKind::cache, "", loaded.error().message)};
  }
  const auto* account = current_account(loaded.value(), m_config);
  if (account == nullptr) {
    return Failure{not_signed_in("", m_config)};
  }
  m_account = *account;
  return Ok{};
}

std::string TenantTokens::home_tenant() const {
  return m_account ? m_account->home_tenant : std::string();
}

Result<TokenOrRequest, AuthFailure> TenantTokens::begin(
    std::string_view tenant, const std::vector<std::string>& scopes) const {
  if (!m_account) {
    return Failure{not_signed_in(tenant, m_config)};
  }
  const std::string target = tenant.empty() ? m_account->home_tenant : std::string(tenant);
  const std::string key = model::lowercase(target);
  const bool home = key == model::lowercase(m_account->home_tenant);
  const auto now = m_clock();
  for (const auto* tokens : {&m_new_tokens, &m_account->access_tokens}) {
    if (const auto cached = tokens->find(key); cached != tokens->end() &&
                                               fresh_enough(cached->second, now) &&
                                               grants(cached->second.scope, scopes)) {
      return TokenOrRequest{to_access_token(cached->second, target, home ? id_token() : "")};
    }
  }
  if (m_account->kind == AccountKind::app) {
    // A credential given to this run wins over one the cache keeps.
    const auto credential =
        m_credential ? m_credential : kept_client_credential(m_account->kept_credential);
    if (!credential) {
      return Failure{make_failure(
          FailureKind::not_signed_in, target,
          "app-only sign-in needs the client secret again (GDAPCHECK_CLIENT_SECRET or "
          "--client-secret-stdin), or " +
              login_hint(m_config, AccountKind::app) + " with --keep-secret to keep it")};
    }
    auto request = app_token_request(m_config, target, *credential, now);
    if (!request.ok()) {
      return Failure{std::move(request).error()};
    }
    return TokenOrRequest{std::move(request).value()};
  }
  const std::string& refresh_token =
      m_new_refresh_token.empty() ? m_account->refresh_token : m_new_refresh_token;
  if (refresh_token.empty()) {
    return Failure{
        make_failure(FailureKind::not_signed_in, target,
                     "no refresh token cached; " + login_hint(m_config, AccountKind::delegated))};
  }
  return TokenOrRequest{refresh_request(m_config, target, refresh_token, scopes)};
}

Result<AccessToken, AuthFailure> TenantTokens::finish(std::string_view tenant,
                                                      const http::Result& result) {
  const std::string target = tenant.empty() ? home_tenant() : std::string(tenant);
  auto reply = parse_token_reply(result, target);
  if (!reply.ok()) {
    return Failure{std::move(reply).error()};
  }
  const auto& tokens = reply.value();
  const bool home =
      m_account && model::lowercase(target) == model::lowercase(m_account->home_tenant);
  if (!tokens.refresh_token.empty()) {
    m_new_refresh_token = tokens.refresh_token;  // rotation: keep only the newest
  }
  if (home && !tokens.id_token.empty()) {
    m_new_id_token = tokens.id_token;
  }
  CachedAccessToken fresh{tokens.access_token, expiry_of(m_clock(), tokens.expires_in),
                          tokens.scope};
  m_new_tokens[model::lowercase(target)] = fresh;
  return to_access_token(fresh, target, home ? id_token() : "");
}

Result<Ok, AuthFailure> TenantTokens::save() {
  if (!m_account || (m_new_tokens.empty() && m_new_refresh_token.empty())) {
    return Ok{};
  }
  auto saved = m_cache.update([&](CacheData& data) {
    CachedAccount* current = current_account(data, m_config);
    if (current == nullptr || current->account != m_account->account) {
      return false;  // signed out or switched account meanwhile: keep their choice
    }
    merge_into(*current);
    return true;
  });
  if (!saved.ok()) {
    return Failure{make_failure(FailureKind::cache, "", saved.error().message)};
  }
  return Ok{};
}

Result<AccessToken, AuthFailure> TenantTokens::fetch_now(std::string_view tenant,
                                                         http::Transport& transport,
                                                         const std::vector<std::string>& scopes) {
  Result<AccessToken, AuthFailure> outcome = Failure{not_signed_in(tenant, m_config)};
  auto saved = m_cache.update([&](CacheData& data) {
    CachedAccount* current = current_account(data, m_config);
    if (current == nullptr) {
      return false;
    }
    m_account = *current;
    auto begun = begin(tenant, scopes);
    if (!begun.ok()) {
      outcome = Failure{std::move(begun).error()};
      return false;
    }
    if (auto* cached = std::get_if<AccessToken>(&begun.value())) {
      outcome = std::move(*cached);
      return false;
    }
    outcome = finish(tenant, transport.send(std::get<http::Request>(begun.value())));
    if (!outcome.ok()) {
      return false;
    }
    merge_into(*current);
    return true;
  });
  // A token that could not be saved is still good for this run; the rotated refresh token is
  // lost, but the previous one stays valid at Microsoft, so only report when there is nothing.
  if (!saved.ok() && !outcome.ok()) {
    return Failure{make_failure(FailureKind::cache, tenant, saved.error().message)};
  }
  return outcome;
}

std::string TenantTokens::id_token() const {
  if (!m_new_id_token.empty()) {
    return m_new_id_token;
  }
  return m_account ? m_account->id_token : std::string();
}

void TenantTokens::merge_into(CachedAccount& account) const {
  const auto now = m_clock();
  if (!m_new_refresh_token.empty()) {
    account.refresh_token = m_new_refresh_token;
  }
  if (!m_new_id_token.empty()) {
    account.id_token = m_new_id_token;
  }
  for (const auto& [tenant, token] : m_new_tokens) {
    account.access_tokens[tenant] = token;
  }
  drop_expired(account.access_tokens, now);
  account.updated_at = epoch_seconds(now);
}

}  // namespace gdap::auth
