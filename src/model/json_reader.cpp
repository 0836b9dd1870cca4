#include "gdapcheck/model/json_reader.hpp"

#include <algorithm>
#include <sstream>

namespace gdap::model {

std::string format_problems(std::string_view source, const std::vector<Problem>& problems,
                            std::size_t limit) {
  std::ostringstream out;
  std::size_t shown = 0;
  for (const auto& problem : problems) {
    if (shown == limit) {
      out << source << ": … and " << (problems.size() - shown) << " more problem(s)\n";
      break;
    }
    out << source << ": " << (problem.path.empty() ? "/" : problem.path) << ": " << problem.message
        << '\n';
    ++shown;
  }
  return out.str();
}

std::optional<nlohmann::json> parse_json_text(std::string_view text,
                                              std::vector<Problem>& problems) {
  input::JsonLimits limits;
  limits.allow_comments = true;
  auto parsed = input::parse_json(text, limits);
  if (!parsed) {
    problems.push_back(problem_from(std::move(parsed).error()));
    return std::nullopt;
  }
  return std::move(parsed).value();
}

Problem problem_from(input::JsonError error) {
  return {std::move(error.path), std::move(error.message)};
}

std::optional<nlohmann::json> parse_json_object(std::string_view text,
                                                std::vector<Problem>& problems) {
  auto document = parse_json_text(text, problems);
  if (document && !document->is_object()) {
    problems.push_back({"", "expected an object, got " + std::string(describe_type(*document))});
    return std::nullopt;
  }
  return document;
}

std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.is_regular_file(ec) && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string_view describe_type(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    default:
      return "an unsupported value";
  }
}

JsonNode::JsonNode(const nlohmann::json& value, std::string path, std::vector<Problem>& problems)
    : m_value(&value), m_path(std::move(path)), m_problems(&problems) {}

JsonNode::JsonNode(const nlohmann::json& value, const JsonNode& parent, const std::string& key)
    : m_value(&value), m_parent(&parent), m_key(&key), m_problems(parent.m_problems) {}

JsonNode::JsonNode(const nlohmann::json& value, const JsonNode& parent, std::size_t index)
    : m_value(&value), m_parent(&parent), m_index(index), m_problems(parent.m_problems) {}

const std::string& JsonNode::path() const {
  if (!m_path) {
    m_path = m_parent->path() + "/" + (m_key != nullptr ? *m_key : std::to_string(m_index));
  }
  return *m_path;
}

std::string JsonNode::path_of(std::string_view key) const {
  return path() + "/" + std::string(key);
}

void JsonNode::problem(std::string message) const {
  m_problems->push_back({path(), std::move(message)});
}

void JsonNode::problem_at(std::string_view key, std::string message) const {
  m_problems->push_back({path_of(key), std::move(message)});
}

bool JsonNode::expect_object() const {
  if (!m_value->is_object()) {
    problem("expected an object, got " + std::string(describe_type(*m_value)));
    return false;
  }
  return true;
}

bool JsonNode::has(std::string_view key) const {
  return m_value->is_object() && m_value->contains(key);
}

bool JsonNode::is_null(std::string_view key) const {
  return has(key) && m_value->at(key).is_null();
}

void JsonNode::allow_only(std::initializer_list<std::string_view> allowed) const {
  if (!m_value->is_object()) {
    return;
  }
  for (const auto& item : m_value->items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      problem_at(item.key(), "unknown key \"" + item.key() + "\"");
    }
  }
}

std::optional<JsonNode> JsonNode::child(std::string_view key) const {
  if (!m_value->is_object()) {
    return std::nullopt;
  }
  const auto found = m_value->find(key);
  if (found == m_value->end()) {
    return std::nullopt;
  }
  return JsonNode(found.value(), *this, found.key());
}

std::optional<JsonNode> JsonNode::required(std::string_view key) const {
  auto node = child(key);
  if (!node && m_value->is_object()) {
    problem_at(key, "missing required key \"" + std::string(key) + "\"");
  }
  return node;
}

std::string JsonNode::string(std::string_view key) const {
  const auto node = required(key);
  if (!node) {
    return {};
  }
  if (!node->json().is_string()) {
    node->problem("expected a string, got " + std::string(describe_type(node->json())));
    return {};
  }
  return node->json().get<std::string>();
}

std::optional<std::string> JsonNode::optional_string(std::string_view key) const {
  const auto node = child(key);
  if (!node || node->json().is_null()) {
    return std::nullopt;
  }
  if (!node->json().is_string()) {
    node->problem("expected a string or null, got " + std::string(describe_type(node->json())));
    return std::nullopt;
  }
  return node->json().get<std::string>();
}

std::optional<bool> JsonNode::optional_boolean(std::string_view key) const {
  const auto node = child(key);
  if (!node || node->json().is_null()) {
    return std::nullopt;
  }
  if (!node->json().is_boolean()) {
    node->problem("expected true or false, got " + std::string(describe_type(node->json())));
    return std::nullopt;
  }
  return node->json().get<bool>();
}

bool JsonNode::boolean(std::string_view key, bool fallback) const {
  return optional_boolean(key).value_or(fallback);
}

std::optional<long> JsonNode::optional_integer(std::string_view key) const {
  const auto node = child(key);
  if (!node || node->json().is_null()) {
    return std::nullopt;
  }
  if (!node->json().is_number_integer()) {
    node->problem("expected a whole number, got " + std::string(describe_type(node->json())));
    return std::nullopt;
  }
  return node->json().get<long>();
}

void JsonNode::for_each(std::string_view key,
                        const std::function<void(const JsonNode&)>& visit) const {
  if (const auto node = child(key)) {
    node->for_each_element(visit);
  }
}

void JsonNode::for_each_element(const std::function<void(const JsonNode&)>& visit) const {
  if (!m_value->is_array()) {
    problem("expected an array, got " + std::string(describe_type(*m_value)));
    return;
  }
  std::size_t index = 0;
  for (const auto& element : *m_value) {
    visit(JsonNode(element, *this, index));
    ++index;
  }
}

std::vector<std::string> JsonNode::strings(std::string_view key) const {
  std::vector<std::string> result;
  for_each(key, [&](const JsonNode& element) {
    if (element.json().is_string()) {
      result.push_back(element.json().get<std::string>());
    } else {
      element.problem("expected a string, got " + std::string(describe_type(element.json())));
    }
  });
  return result;
}

std::vector<long> JsonNode::integers(std::string_view key) const {
  std::vector<long> result;
  for_each(key, [&](const JsonNode& element) {
    if (element.json().is_number_integer()) {
      result.push_back(element.json().get<long>());
    } else {
      element.problem("expected a whole number, got " + std::string(describe_type(element.json())));
    }
  });
  return result;
}

}  // namespace gdap::model
