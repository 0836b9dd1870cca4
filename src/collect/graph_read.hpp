#pragma once

// Private to collect: one Graph read is where it goes (path and query) and how its answer is
// read (a pure parser), declared together in reads.hpp; fetch() makes the read and hands over a
// model::Fact. This is the one place where a Graph answer, or Graph's error, becomes a fact.

#include "gdapcheck/graph/client.hpp"
#include "gdapcheck/model/fact.hpp"
#include "gdapcheck/result.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace gdap::collect {

// A parsed answer, or what is wrong with it ("/value/3/status: expected a string").
template <typename T>
using Parsed = Result<T, std::string>;

template <typename T>
struct GraphRead {
  std::string label;  // the kind of read, for the client's statistics
  std::string path;   // relative to the version root, with its query, already encoded
  std::function<Parsed<T>(const nlohmann::json& body)> parse;
  std::optional<nlohmann::json> post_body = std::nullopt;  // sent with POST instead of a GET
  // What a 404 means for this read, when it means something: Graph answers 404 when the object
  // the path names does not exist. Otherwise a 404 fails the read like any other error.
  std::optional<T> if_not_found = std::nullopt;
  // What a 403 means for this read, when the caller can say more than Graph does (which GDAP
  // role would allow it): added to the reason the read failed.
  std::string if_forbidden = {};
};

// Why a read failed, as the snapshot records it.
inline std::string failure_reason(const graph::GraphError& error) {
  return graph::describe(error);
}

inline std::string malformed_answer_reason(const std::string& problem) {
  return "unexpected answer from Microsoft Graph: " + problem;
}

template <typename T>
model::Fact<T> fact_from(const GraphRead<T>& read, const graph::Outcome& outcome) {
  if (!outcome.ok()) {
    const auto& error = outcome.error();
    if (read.if_not_found && error.kind == graph::ErrorKind::http && error.status == 404) {
      return model::Fact<T>::of(*read.if_not_found);
    }
    if (!read.if_forbidden.empty() && error.kind == graph::ErrorKind::http && error.status == 403) {
      return model::Fact<T>::failed(failure_reason(error) + "; " + read.if_forbidden);
    }
    return model::Fact<T>::failed(failure_reason(error));
  }
  auto parsed = read.parse(outcome.value());
  if (!parsed.ok()) {
    return model::Fact<T>::failed(malformed_answer_reason(parsed.error()));
  }
  return model::Fact<T>::of(std::move(parsed).value());
}

// Make `read` as `bearer`; `done` gets the fact (every page of a collection).
template <typename T>
void fetch(graph::Client& client, const graph::Bearer& bearer, GraphRead<T> read,
           std::function<void(model::Fact<T>)> done) {
  std::string label = std::move(read.label);
  std::string path = std::move(read.path);
  std::optional<nlohmann::json> body = std::move(read.post_body);
  auto finish = [read = std::move(read), done = std::move(done)](const graph::Outcome& outcome) {
    done(fact_from(read, outcome));
  };
  if (body) {
    client.post(bearer, std::move(label), std::move(path), std::move(*body), std::move(finish));
  } else {
    client.get(bearer, std::move(label), std::move(path), std::move(finish));
  }
}

// Make a collection read page by page, for work that can start before the last page: `page`
// gets each page's elements as they arrive, `done` whether the whole read succeeded (else the
// first reason it did not). After a failure, later pages are not handed on.
template <typename T>
void fetch_pages(graph::Client& client, const graph::Bearer& bearer, GraphRead<T> read,
                 std::function<void(T)> page, std::function<void(Result<Ok, std::string>)> done) {
  auto failure = std::make_shared<std::string>();
  auto parse = std::move(read.parse);
  client.get(
      bearer, std::move(read.label), std::move(read.path),
      [failure, done = std::move(done)](const graph::Outcome& outcome) {
        if (failure->empty() && !outcome.ok()) {
          *failure = failure_reason(outcome.error());
        }
        if (failure->empty()) {
          done(Ok{});
        } else {
          done(Failure{*failure});
        }
      },
      [failure, parse = std::move(parse), page = std::move(page)](const nlohmann::json& body) {
        if (!failure->empty()) {
          return;
        }
        auto parsed = parse(body);
        if (!parsed.ok()) {
          *failure = malformed_answer_reason(parsed.error());
          return;
        }
        page(std::move(parsed).value());
      });
}

}  // namespace gdap::collect
