#include "auth_test_helpers.hpp"

#include "gdapcheck/auth/token_cache.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace gdap::auth;
using gdap::testing::TempDir;

namespace {
unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777U;
}

CachedAccount account_named(const std::string& name) {
  CachedAccount account;
  account.authority_host = "https://login.microsoftonline.com";
  account.client_id = "c";
  account.account = name;
  account.home_tenant = "T";
  account.refresh_token = "RT-" + name;
  account.access_tokens["t"] = CachedAccessToken{"AT-" + name, 1700000000, "s"};
  return account;
}
}  // namespace

TEST_CASE("auth: the cache folder is 0700 and the file 0600, written atomically", "[auth]") {
  const TempDir tmp;
  TokenCache cache(tmp.path() / "nested" / "gdapcheck");
  CHECK(cache.load().value().accounts.empty());  // missing file: empty cache
  REQUIRE(cache.update([](CacheData& data) {
    data.accounts["k"] = account_named("a");
    data.current["sel"] = "k";
    return true;
  }));
  CHECK(mode_of(cache.dir()) == 0700U);
  CHECK(mode_of(cache.file()) == 0600U);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(cache.dir())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"tokens.json", "tokens.lock"});

  const auto loaded = cache.load().value();
  REQUIRE(loaded.accounts.count("k") == 1);
  const auto& account = loaded.accounts.at("k");
  CHECK(account.refresh_token == "RT-a");
  CHECK(account.access_tokens.at("t").token == "AT-a");
  CHECK(account.access_tokens.at("t").expires_at == 1700000000);
  CHECK(loaded.current.at("sel") == "k");
}

TEST_CASE("auth: an update that declines to write leaves the file alone", "[auth]") {
  const TempDir tmp;
  TokenCache cache(tmp.path());
  REQUIRE(cache.update([](CacheData&) { return false; }));
  CHECK_FALSE(std::filesystem::exists(cache.file()));
}

TEST_CASE("auth: updates re-read and merge, so writers never lose each other's entries", "[auth]") {
  const TempDir tmp;
  TokenCache first(tmp.path());
  TokenCache second(tmp.path());
  REQUIRE(first.update(
      [](CacheData& d) { return d.accounts.emplace("a", account_named("a")).second; }));
  REQUIRE(second.update(
      [](CacheData& d) { return d.accounts.emplace("b", account_named("b")).second; }));
  CHECK(first.load().value().accounts.size() == 2);

  // Many threads, each with its own open file description of the lock (as separate processes).
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&tmp, t] {
      TokenCache cache(tmp.path());
      for (int i = 0; i < 15; ++i) {
        const std::string key = std::to_string(t) + "-" + std::to_string(i);
        (void)cache.update([&](CacheData& d) {
          d.accounts[key] = account_named(key);
          return true;
        });
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  CHECK(first.load().value().accounts.size() == 2 + 6 * 15);
}

TEST_CASE("auth: a corrupt cache is reported on load and replaced on update", "[auth]") {
  const TempDir tmp;
  TokenCache cache(tmp.path());
  std::ofstream(cache.file()) << "{not json";
  const auto loaded = cache.load();
  REQUIRE_FALSE(loaded.ok());
  CHECK_THAT(loaded.error().message, Catch::Contains("gdapcheck logout"));
  REQUIRE(cache.update([](CacheData& d) {
    d.accounts["k"] = account_named("k");
    return true;
  }));
  CHECK(cache.load().value().accounts.size() == 1);
  CHECK_FALSE(parse_cache(R"({"version":99})").ok());
  CHECK_FALSE(parse_cache(R"({"version":1,"accounts":{"k":{"updatedAt":"soon"}}})").ok());
}

TEST_CASE("auth: clear removes the cache, the lock and stray temporary files", "[auth]") {
  const TempDir tmp;
  TokenCache cache(tmp.path());
  REQUIRE(cache.update([](CacheData& d) {
    d.accounts["k"] = account_named("k");
    return true;
  }));
  std::ofstream(tmp.path() / "tokens.json.tmp.1.2") << "{}";
  std::ofstream(tmp.path() / "unrelated.txt") << "keep";
  REQUIRE(cache.clear());
  CHECK_FALSE(std::filesystem::exists(cache.file()));
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "tokens.lock"));
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "tokens.json.tmp.1.2"));
  CHECK(std::filesystem::exists(tmp.path() / "unrelated.txt"));
  REQUIRE(cache.clear());  // nothing to remove is fine
}

TEST_CASE("auth: serialised caches round-trip", "[auth]") {
  CacheData data;
  auto account = account_named("x");
  account.kind = AccountKind::app;
  account.id_token = "ID";
  account.updated_at = 42;
  data.accounts[account_key("h", "c", "x")] = account;
  data.current[selection_key("h", "c")] = account_key("h", "c", "x");
  const auto parsed = parse_cache(serialise_cache(data)).value();
  const auto& back = parsed.accounts.at("h|c|x");
  CHECK(back.kind == AccountKind::app);
  CHECK(back.id_token == "ID");
  CHECK(back.updated_at == 42);
  CHECK(parsed.current.at("h|c") == "h|c|x");
  CHECK_FALSE(back.kept_credential);
}

TEST_CASE("auth: a kept credential round-trips, and is written only when kept", "[auth]") {
  CacheData data;
  auto account = account_named("x");
  account.kind = AccountKind::app;
  data.accounts["secret"] = account;
  CHECK(serialise_cache(data).find("keptCredential") == std::string::npos);
  data.accounts["secret"].kept_credential = KeptCredential{"S3cret~value", "", ""};
  data.accounts["certificate"] = account;
  data.accounts["certificate"].kept_credential =
      KeptCredential{"", "/keys/app.pem", "/keys/app.key"};
  const auto parsed = parse_cache(serialise_cache(data)).value();
  REQUIRE(parsed.accounts.at("secret").kept_credential);
  CHECK(parsed.accounts.at("secret").kept_credential->secret == "S3cret~value");
  const auto& certificate = parsed.accounts.at("certificate").kept_credential;
  REQUIRE(certificate);
  CHECK(certificate->secret.empty());
  CHECK(certificate->certificate_path == "/keys/app.pem");
  CHECK(certificate->private_key_path == "/keys/app.key");
}

TEST_CASE("auth: a cache file opened up by hand is narrowed back to 0600 on load", "[auth]") {
  const TempDir tmp;
  TokenCache cache(tmp.path());
  REQUIRE(cache.update([](CacheData& d) {
    d.accounts["k"] = account_named("k");
    return true;
  }));
  ::chmod(cache.file().c_str(), 0644);
  REQUIRE(cache.load().ok());
  CHECK(mode_of(cache.file()) == 0600U);
}

TEST_CASE("auth: check_writable creates the folder and refuses one that cannot hold the cache",
          "[auth]") {
  const TempDir tmp;
  const TokenCache fresh(tmp.path() / "new" / "gdapcheck");
  CHECK(fresh.check_writable());
  CHECK(mode_of(fresh.dir()) == 0700U);
  CHECK(std::filesystem::is_empty(fresh.dir()));  // nothing left behind by the check

  std::ofstream(tmp.path() / "plain") << "x";
  const auto not_a_folder = TokenCache(tmp.path() / "plain").check_writable();
  REQUIRE_FALSE(not_a_folder);
  CHECK(not_a_folder.error().message ==
        "the token cache folder " + (tmp.path() / "plain").string() + " is not a folder");

  const auto cannot_create = TokenCache("/proc/gdapcheck-test").check_writable();
  REQUIRE_FALSE(cannot_create);
  CHECK(cannot_create.error().message.find(
            "cannot create the token cache folder /proc/gdapcheck-test") == 0);
}

TEST_CASE("auth: a symlinked cache file is refused, and what it points to is left alone",
          "[auth]") {
  const TempDir tmp;
  const auto elsewhere = tmp.path() / "someone-elses-file";
  std::ofstream(elsewhere) << R"({"version":1})";
  ::chmod(elsewhere.c_str(), 0644);
  TokenCache cache(tmp.path() / "cache");
  REQUIRE(cache.check_writable().ok());
  std::filesystem::create_symlink(elsewhere, cache.file());

  const auto loaded = cache.load();
  REQUIRE_FALSE(loaded.ok());
  CHECK_THAT(loaded.error().message, Catch::Contains("symbolic link"));
  CHECK(mode_of(elsewhere) == 0644U);  // never chmod-ed through the link
  const auto login = cache.check_writable();
  REQUIRE_FALSE(login.ok());
  CHECK_THAT(login.error().message, Catch::Contains("symbolic link"));
  const auto updated = cache.update([](CacheData&) { return true; });
  REQUIRE_FALSE(updated.ok());
  CHECK_THAT(updated.error().message, Catch::Contains("symbolic link"));
  CHECK(std::filesystem::is_symlink(cache.file()));
}

TEST_CASE("auth: a FIFO or a hard link in place of the cache is refused at once", "[auth]") {
  const TempDir tmp;
  TokenCache cache(tmp.path());
  SECTION("a FIFO (reading it would wait forever)") {
    REQUIRE(::mkfifo(cache.file().c_str(), 0600) == 0);
    const auto loaded = cache.load();
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains("not a regular file"));
    CHECK_FALSE(cache.check_writable().ok());
  }
  SECTION("a hard link to another file") {
    const auto other = tmp.path() / "other";
    std::ofstream(other) << R"({"version":1})";
    std::filesystem::create_hard_link(other, cache.file());
    const auto loaded = cache.load();
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains("hard links"));
  }
}

TEST_CASE("auth: a cache folder open to others is narrowed to 0700", "[auth]") {
  const TempDir tmp;
  const auto folder = tmp.path() / "gdapcheck";
  std::filesystem::create_directories(folder);
  ::chmod(folder.c_str(), 0777);
  TokenCache cache(folder);
  CHECK(cache.check_writable().ok());
  CHECK(mode_of(folder) == 0700U);
  ::chmod(folder.c_str(), 0755);
  REQUIRE(cache.load().ok());
  CHECK(mode_of(folder) == 0700U);
}

TEST_CASE("auth: a cache file or folder owned by another user is not used", "[auth]") {
  if (::geteuid() != 0) {
    SUCCEED("only root can hand a file to another user");
    return;
  }
  const TempDir tmp;
  TokenCache cache(tmp.path() / "cache");
  REQUIRE(cache
              .update([](CacheData& d) {
                d.accounts["k"] = account_named("k");
                return true;
              })
              .ok());
  REQUIRE(::chown(cache.file().c_str(), 65534, 65534) == 0);
  const auto loaded = cache.load();
  REQUIRE_FALSE(loaded.ok());
  CHECK_THAT(loaded.error().message, Catch::Contains("belongs to another user"));
  REQUIRE(::chown(cache.file().c_str(), 0, 0) == 0);
  REQUIRE(::chown(cache.dir().c_str(), 65534, 65534) == 0);
  const auto folder = cache.load();
  REQUIRE_FALSE(folder.ok());
  CHECK_THAT(folder.error().message,
             Catch::Contains("folder") && Catch::Contains("belongs to another user"));
  CHECK_FALSE(cache.check_writable().ok());
}

TEST_CASE("auth: every field of the cache is type-checked like any input", "[auth]") {
  for (const char* text : {
           R"({"version":"1"})",
           R"({"version":1.5})",
           R"({"version":1,"accounts":[]})",
           R"({"version":1,"accounts":{"k":{"accessTokens":{"t":{"expiresAt":1e300}}}}})",
           R"({"version":1,"accounts":{"k":{"accessTokens":{"t":{"expiresAt":"soon"}}}}})",
           R"({"version":1,"accounts":{"k":{"accessTokens":{"t":[]}}}})",
           R"({"version":1,"accounts":{"k":{"kind":"robot"}}})",
           R"({"version":1,"accounts":{"k":{"refreshToken":7}}})",
           R"({"version":1,"current":{"h|c":false}})",
           R"({"version":1,"accounts":{"k":{"keptCredential":"S3cret"}}})",
           R"({"version":1,"accounts":{"k":{"keptCredential":{}}}})",
           R"({"version":1,"accounts":{"k":{"keptCredential":{"secret":"s","certificate":"c"}}}})",
           R"({"version":1,"accounts":{"k":{"keptCredential":{"secret":5}}}})",
       }) {
    CAPTURE(text);
    const auto parsed = parse_cache(text);
    REQUIRE_FALSE(parsed.ok());
  }
  const auto typed =
      parse_cache(R"({"version":1,"accounts":{"k":{"accessTokens":{"t":{"expiresAt":1e300}}}}})");
  CHECK_THAT(typed.error().message, Catch::Contains("/accounts/k/accessTokens/t/expiresAt"));
}

TEST_CASE("auth: a cache with a wrong version type is a clear refusal on load", "[auth]") {
  const TempDir tmp;
  TokenCache cache(tmp.path());
  std::ofstream(cache.file()) << R"({"version":"1"})";
  const auto loaded = cache.load();
  REQUIRE_FALSE(loaded.ok());
  CHECK_THAT(loaded.error().message, Catch::Contains("gdapcheck logout"));
  // login repairs it: an update starts from an empty cache.
  REQUIRE(cache
              .update([](CacheData& d) {
                d.accounts["k"] = account_named("k");
                return true;
              })
              .ok());
  CHECK(cache.load().value().accounts.size() == 1);
}
