// Recognition: one pass over the words of the cleaned text. Every code and phrase of the
// catalogue is indexed by its last word; at each word of the text the few patterns ending with it
// are compared backwards against a ring of the last words. Cost per word is a hash look-up and
// those comparisons, so the whole is linear in the text.
#include "gdapcheck/errors/recognise.hpp"

#include "evidence.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <set>
#include <unordered_map>

namespace gdap::errors {

namespace {

using detail::Word;

constexpr std::size_t k_ring = 32;         // the longest phrase the loader accepts
constexpr std::size_t k_set_window = 120;  // words within which a phrase set must appear
constexpr int k_code_weight = 1000;
constexpr int k_exact_weight = 500;
constexpr int k_phrase_weight = 10;  // per word
constexpr int k_set_weight = 20;     // per word of a phrase set
constexpr std::size_t k_exact_words = 8;
constexpr std::size_t k_most_unknown_codes = 10;

enum class Kind { code, phrase, set_part };

struct Pattern {
  std::size_t entry = 0;
  Kind kind = Kind::phrase;
  std::vector<std::string> words;
  std::string display;  // as the catalogue writes it
  std::size_t set = 0;  // index into RecognitionIndex::sets for set parts
  std::size_t part = 0;
};

struct PhraseSet {
  std::size_t entry = 0;
  std::vector<std::size_t> parts;  // pattern indices
  int weight = 0;
  std::string display;
};

struct Sighting {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// A pattern or set seen in the text, and where first.
struct Hit {
  bool seen = false;
  Sighting first;
};

bool all_digits(std::string_view word) {
  return !word.empty() &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "aadsts50020" → "50020"; empty for any other word.
std::string_view aadsts_number(std::string_view word) {
  if (word.size() > 6 && word.substr(0, 6) == "aadsts" && all_digits(word.substr(6))) {
    return word.substr(6);
  }
  return {};
}

// Words after which a bare number is an error code: "AADSTS 50020", "error_codes":[50020],
// "error?code=50020", "error code 900421".
bool introduces_codes(std::string_view word) {
  return word == "aadsts" || word == "code" || word == "codes" || word == "errorcode" ||
         word == "errorcodes";
}

// Words after which a bare number is an AADSTS number, even one the catalogue does not know.
bool introduces_aadsts(std::string_view word) {
  return word == "aadsts" || word == "codes" || word == "errorcodes";
}

bool is_stop_word(std::string_view word) {
  static const std::set<std::string_view> k_stop{
      "the",  "and",  "for",   "not",    "was",  "has",    "have", "this",   "that", "with",
      "from", "you",  "your",  "are",    "can",  "could",  "been", "its",    "into", "use",
      "must", "does", "error", "failed", "http", "status", "code", "tenant", "user", "account"};
  return word.size() < 3 || all_digits(word) || k_stop.contains(word);
}

}  // namespace

// The catalogue's codes and phrases, indexed by their last word once per Recogniser: a run that
// explains 100,000 failed reads recognises as many messages, and rebuilding this for each was
// most of that run's time.
struct RecognitionIndex {
  explicit RecognitionIndex(const Catalogue& indexed);

  const Catalogue& catalogue;
  std::vector<Pattern> patterns;
  std::vector<PhraseSet> sets;
  std::unordered_map<std::string, std::vector<std::size_t>> by_last_word;
  std::unordered_map<std::string, std::size_t> by_number;  // AADSTS and numeric codes
  std::set<std::vector<std::string>> code_phrases;         // every code, as words
  std::size_t longest_word = 0;
  std::unordered_map<std::string, std::size_t> vocabulary;  // word → index
  std::vector<std::vector<std::size_t>> vocabulary_entries;
  // Every entry's `exactly` texts as words, in entry order: (entry index, words, as written).
  struct Exact {
    std::size_t entry = 0;
    std::vector<std::string> words;
    std::string_view display;
  };
  std::vector<Exact> exact;

 private:
  void index_entry(std::size_t e, const Entry& entry);
  std::size_t add_pattern(Pattern pattern);
  void add_vocabulary(std::size_t e, const std::vector<std::string>& words);
};

namespace {

// One pass over one text against the index: the state of that pass, then its result.
class Scan {
 public:
  explicit Scan(const RecognitionIndex& index)
      : m_index(index),
        m_pattern_hits(index.patterns.size()),
        m_set_hits(index.sets.size()),
        m_set_last_seen(index.patterns.size(), std::numeric_limits<std::size_t>::max()),
        m_set_last_begin(index.patterns.size(), 0),
        m_vocabulary_hit(index.vocabulary_entries.size(), false) {}

  void scan(std::string_view text);
  Recognition result(std::string_view text) const;

 private:
  void on_word(std::string_view text, const Word& word);
  void record(std::size_t pattern, Sighting sighting);
  bool ends_here(std::string_view text, const Pattern& pattern) const;
  void exact_matches(std::vector<Match>& matches, std::string_view text) const;

  const RecognitionIndex& m_index;
  std::array<Word, k_ring> m_ring{};
  std::size_t m_words = 0;
  std::string m_lower;  // the current word, lower-cased
  bool m_code_context = false;
  bool m_aadsts_context = false;
  std::vector<Hit> m_pattern_hits;
  std::vector<Hit> m_set_hits;
  std::vector<std::size_t> m_set_last_seen;   // per set part: the word index it was last seen at
  std::vector<std::size_t> m_set_last_begin;  // per set part: where in the text that was
  std::vector<bool> m_vocabulary_hit;
  std::vector<std::string> m_first_words;  // for `exactly`
  std::vector<std::string> m_unknown_codes;
};

}  // namespace

RecognitionIndex::RecognitionIndex(const Catalogue& indexed) : catalogue(indexed) {
  for (std::size_t e = 0; e < indexed.entries.size(); ++e) {
    index_entry(e, indexed.entries[e]);
  }
}

std::size_t RecognitionIndex::add_pattern(Pattern pattern) {
  const auto index = patterns.size();
  for (const auto& word : pattern.words) {
    longest_word = std::max(longest_word, word.size());
  }
  by_last_word[pattern.words.back()].push_back(index);
  patterns.push_back(std::move(pattern));
  return index;
}

void RecognitionIndex::add_vocabulary(std::size_t e, const std::vector<std::string>& words) {
  for (const auto& word : words) {
    if (is_stop_word(word)) {
      continue;
    }
    const auto [it, fresh] = vocabulary.emplace(word, vocabulary_entries.size());
    if (fresh) {
      vocabulary_entries.emplace_back();
    }
    auto& entries = vocabulary_entries[it->second];
    if (entries.empty() || entries.back() != e) {
      entries.push_back(e);
    }
  }
}

void RecognitionIndex::index_entry(std::size_t e, const Entry& entry) {
  for (const auto& code : entry.codes) {
    auto words = detail::words(code);
    const std::string joined = words.size() == 1 ? words.front() : std::string();
    if (const auto number = aadsts_number(joined); !number.empty()) {
      by_number.emplace(std::string(number), add_pattern({e, Kind::code, words, code}));
    } else if (all_digits(joined)) {
      Pattern pattern{e, Kind::code, words, code};
      by_number.emplace(joined, patterns.size());
      patterns.push_back(std::move(pattern));  // found only after a word that introduces codes
    } else {
      add_pattern({e, Kind::code, words, code});
    }
    code_phrases.insert(words);
    add_vocabulary(e, words);
  }
  for (const auto& phrase : entry.phrases) {
    auto words = detail::words(detail::decode(phrase));
    add_vocabulary(e, words);
    add_pattern({e, Kind::phrase, std::move(words), phrase});
  }
  for (const auto& set : entry.phrase_sets) {
    PhraseSet phrase_set;
    phrase_set.entry = e;
    for (std::size_t p = 0; p < set.size(); ++p) {
      auto words = detail::words(detail::decode(set[p]));
      add_vocabulary(e, words);
      phrase_set.parts.push_back(
          add_pattern({e, Kind::set_part, std::move(words), set[p], sets.size(), p}));
      phrase_set.display += (p == 0 ? "" : " … ") + set[p];
    }
    sets.push_back(std::move(phrase_set));
  }
  add_vocabulary(e, detail::words(entry.title));
  for (const auto& text : entry.exactly) {
    exact.push_back({e, detail::words(detail::decode(text)), text});
  }
}

namespace {

bool Scan::ends_here(std::string_view text, const Pattern& pattern) const {
  const auto count = pattern.words.size();
  if (count > m_words || count > k_ring) {
    return false;
  }
  // The last word already matched (it is how the pattern was found); compare the ones before.
  for (std::size_t back = 1; back < count; ++back) {
    const Word& word = m_ring[(m_words - 1 - back) % k_ring];
    if (!detail::equals_lowercase(text.substr(word.begin, word.end - word.begin),
                                  pattern.words[count - 1 - back])) {
      return false;
    }
  }
  return true;
}

void Scan::record(std::size_t pattern, Sighting sighting) {
  auto& hit = m_pattern_hits[pattern];
  if (!hit.seen) {
    hit = {true, sighting};
  }
  const auto& found = m_index.patterns[pattern];
  if (found.kind != Kind::set_part) {
    return;
  }
  m_set_last_seen[pattern] = m_words - 1;
  m_set_last_begin[pattern] = sighting.begin;
  auto& set_hit = m_set_hits[found.set];
  if (set_hit.seen) {
    return;
  }
  const auto& set = m_index.sets[found.set];
  std::size_t earliest = m_words - 1;
  for (const auto part : set.parts) {
    const auto last = m_set_last_seen[part];
    if (last == std::numeric_limits<std::size_t>::max() || last + k_set_window < m_words - 1) {
      return;
    }
    earliest = std::min(earliest, last);
  }
  std::size_t begin = sighting.begin;
  for (const auto part : set.parts) {
    if (m_set_last_seen[part] == earliest) {
      begin = std::min(begin, m_set_last_begin[part]);
    }
  }
  set_hit = {true, {begin, sighting.end}};
}

void Scan::on_word(std::string_view text, const Word& word) {
  m_ring[m_words % k_ring] = word;
  ++m_words;
  const auto length = word.end - word.begin;
  constexpr std::size_t k_longest_code_word = 20;
  if (length > std::max(m_index.longest_word, k_longest_code_word)) {
    // No pattern has a word this long; it still counts as a word of the text.
    if (m_words <= k_exact_words) {
      m_first_words.emplace_back();
    }
    m_code_context = false;
    m_aadsts_context = false;
    return;
  }
  m_lower.assign(text.substr(word.begin, length));
  for (auto& c : m_lower) {
    c = detail::lower(c);
  }
  if (m_words <= k_exact_words) {
    m_first_words.push_back(m_lower);
  }
  if (const auto vocabulary = m_index.vocabulary.find(m_lower);
      vocabulary != m_index.vocabulary.end()) {
    m_vocabulary_hit[vocabulary->second] = true;
  }
  const bool number = all_digits(m_lower);
  std::string_view code_number = aadsts_number(m_lower);
  if (number && (m_code_context || m_aadsts_context)) {
    code_number = m_lower;
  }
  if (!code_number.empty()) {
    if (const auto found = m_index.by_number.find(std::string(code_number));
        found != m_index.by_number.end()) {
      record(found->second, {word.begin, word.end});
    } else if (m_unknown_codes.size() < k_most_unknown_codes && code_number.size() >= 5 &&
               (m_aadsts_context || code_number != m_lower)) {
      // AADSTS numbers have five to seven digits; "codes 1 2 3" is not a list of them.
      const auto code = "AADSTS" + std::string(code_number);
      if (std::find(m_unknown_codes.begin(), m_unknown_codes.end(), code) ==
          m_unknown_codes.end()) {
        m_unknown_codes.push_back(code);
      }
    }
  }
  m_code_context = introduces_codes(m_lower) || (number && m_code_context);
  m_aadsts_context = introduces_aadsts(m_lower) || (number && m_aadsts_context);
  const auto candidates = m_index.by_last_word.find(m_lower);
  if (candidates == m_index.by_last_word.end()) {
    return;
  }
  for (const auto index : candidates->second) {
    const auto& pattern = m_index.patterns[index];
    if (ends_here(text, pattern)) {
      const auto first = m_ring[(m_words - pattern.words.size()) % k_ring];
      record(index, {first.begin, word.end});
    }
  }
}

void Scan::scan(std::string_view text) {
  detail::WordCursor cursor(text);
  Word word;
  while (cursor.next(word)) {
    on_word(text, word);
  }
}

// One line of the text around a sighting, at most a few hundred bytes, cut at characters.
std::string excerpt(std::string_view text, Sighting sighting) {
  constexpr std::size_t k_before = 80;
  constexpr std::size_t k_after = 120;
  constexpr std::size_t k_longest_match = 200;
  const auto end_limit = std::min(sighting.end, sighting.begin + k_longest_match);
  std::size_t begin = sighting.begin > k_before ? sighting.begin - k_before : 0;
  const auto line_start = text.rfind('\n', sighting.begin == 0 ? 0 : sighting.begin - 1);
  if (line_start != std::string_view::npos && line_start + 1 > begin &&
      line_start < sighting.begin) {
    begin = line_start + 1;
  }
  std::size_t end = std::min(text.size(), end_limit + k_after);
  const auto line_end = text.find('\n', end_limit);
  if (line_end != std::string_view::npos && line_end < end) {
    end = line_end;
  }
  const auto is_continuation = [&](std::size_t at) {
    return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80;
  };
  while (begin < sighting.begin && is_continuation(begin)) {
    ++begin;
  }
  while (end > end_limit && is_continuation(end)) {
    --end;
  }
  std::string out;
  const bool cut_before = begin > 0 && text[begin - 1] != '\n';
  const bool cut_after = end < text.size() && text[end] != '\n';
  if (cut_before) {
    out += "…";
  }
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text[i] == '\n' ? ' ' : text[i];
    if (c == ' ' && (out.empty() || out.back() == ' ')) {
      continue;
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  if (cut_after) {
    out += "…";
  }
  return out;
}

struct Candidate {
  int weight = 0;
  Sighting sighting;
  std::string display;
};

void Scan::exact_matches(std::vector<Match>& matches, std::string_view text) const {
  if (m_words == 0 || m_words > k_exact_words) {
    return;
  }
  // A number alone is a code ("50020", "900421"): nothing else in the text could be meant.
  if (m_words == 1 && all_digits(m_first_words.front()) && matches.empty()) {
    if (const auto found = m_index.by_number.find(m_first_words.front());
        found != m_index.by_number.end()) {
      Match match;
      match.entry = &m_index.catalogue.entries[m_index.patterns[found->second].entry];
      match.found = {m_index.patterns[found->second].display};
      match.excerpt = excerpt(text, {m_ring[0].begin, m_ring[0].end});
      match.first_offset = m_ring[0].begin;
      match.score = k_code_weight;
      matches.push_back(std::move(match));
    }
  }
  const Entry* last = nullptr;  // one match per entry, however many of its texts are equal
  for (const auto& exact : m_index.exact) {
    const auto* entry = &m_index.catalogue.entries[exact.entry];
    if (entry != last && exact.words == m_first_words) {
      last = entry;
      Match match;
      match.entry = entry;
      match.found = {std::string(exact.display)};
      match.excerpt = excerpt(text, {m_ring[0].begin, m_ring[(m_words - 1) % k_ring].end});
      match.first_offset = m_ring[0].begin;
      match.score = k_exact_weight;
      matches.push_back(std::move(match));
    }
  }
}

Recognition Scan::result(std::string_view text) const {
  std::vector<std::vector<Candidate>> by_entry(m_index.catalogue.entries.size());
  for (std::size_t p = 0; p < m_index.patterns.size(); ++p) {
    const auto& pattern = m_index.patterns[p];
    const auto& hit = m_pattern_hits[p];
    if (!hit.seen || pattern.kind == Kind::set_part) {
      continue;
    }
    const int weight = pattern.kind == Kind::code
                           ? k_code_weight
                           : k_phrase_weight * static_cast<int>(pattern.words.size());
    by_entry[pattern.entry].push_back({weight, hit.first, pattern.display});
  }
  for (std::size_t s = 0; s < m_index.sets.size(); ++s) {
    if (!m_set_hits[s].seen) {
      continue;
    }
    int weight = 0;
    for (const auto part : m_index.sets[s].parts) {
      const auto& words = m_index.patterns[part].words;
      const bool is_code = m_index.code_phrases.contains(words) ||
                           (words.size() == 1 && !aadsts_number(words.front()).empty());
      weight += is_code ? k_code_weight : k_set_weight * static_cast<int>(words.size());
    }
    by_entry[m_index.sets[s].entry].push_back(
        {weight, m_set_hits[s].first, m_index.sets[s].display});
  }
  Recognition recognition;
  for (std::size_t e = 0; e < by_entry.size(); ++e) {
    auto& candidates = by_entry[e];
    if (candidates.empty()) {
      continue;
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.weight > b.weight; });
    Match match;
    match.entry = &m_index.catalogue.entries[e];
    match.score = candidates.front().weight + static_cast<int>(candidates.size()) - 1;
    match.excerpt = excerpt(text, candidates.front().sighting);
    match.first_offset = candidates.front().sighting.begin;
    for (const auto& candidate : candidates) {
      match.found.push_back(candidate.display);
      match.first_offset = std::min(match.first_offset, candidate.sighting.begin);
    }
    recognition.matches.push_back(std::move(match));
  }
  exact_matches(recognition.matches, text);
  const bool specific = std::any_of(recognition.matches.begin(), recognition.matches.end(),
                                    [](const Match& match) { return !match.entry->generic; });
  if (specific) {
    std::erase_if(recognition.matches, [](const Match& match) { return match.entry->generic; });
  }
  std::sort(recognition.matches.begin(), recognition.matches.end(),
            [](const Match& a, const Match& b) {
              if (a.score != b.score) {
                return a.score > b.score;
              }
              if (a.first_offset != b.first_offset) {
                return a.first_offset < b.first_offset;
              }
              return a.entry->id < b.entry->id;
            });
  recognition.unknown_codes = m_unknown_codes;
  if (recognition.matches.empty()) {
    std::vector<int> scores(m_index.catalogue.entries.size(), 0);
    for (std::size_t v = 0; v < m_vocabulary_hit.size(); ++v) {
      if (m_vocabulary_hit[v]) {
        for (const auto e : m_index.vocabulary_entries[v]) {
          ++scores[e];
        }
      }
    }
    std::vector<std::size_t> order;
    for (std::size_t e = 0; e < scores.size(); ++e) {
      if (scores[e] > 0) {
        order.push_back(e);
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    constexpr std::size_t k_suggestions = 3;
    for (std::size_t i = 0; i < order.size() && i < k_suggestions; ++i) {
      recognition.suggestions.push_back(&m_index.catalogue.entries[order[i]]);
    }
  }
  return recognition;
}

}  // namespace

// An entry asked for by its id ("gdapcheck explain aadsts.50020", as --list and suggestions show).
const Entry* entry_named(const Catalogue& catalogue, std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  const auto end = text.find_last_not_of(" \t\r\n");
  constexpr std::size_t k_longest_id = 80;
  if (begin == std::string_view::npos || end - begin + 1 > k_longest_id) {
    return nullptr;
  }
  std::string id(text.substr(begin, end - begin + 1));
  for (auto& c : id) {
    c = detail::lower(c);
  }
  return catalogue.find(id);
}

Recogniser::Recogniser(const Catalogue& catalogue)
    : m_index(std::make_shared<const RecognitionIndex>(catalogue)) {}

Recognition Recogniser::recognise(std::string_view text) const {
  const auto& catalogue = m_index->catalogue;
  if (const auto* named = entry_named(catalogue, text)) {
    Recognition recognition;
    Match match;
    match.entry = named;
    match.found = {named->id};
    match.score = k_code_weight;
    recognition.matches.push_back(std::move(match));
    recognition.bytes = text.size();
    return recognition;
  }
  const auto clean = detail::clean(text);
  Scan scan(*m_index);
  scan.scan(clean.text);
  auto recognition = scan.result(clean.text);
  recognition.evidence = detail::evidence_from(clean.text);
  recognition.bytes = text.size();
  recognition.masked_secrets = clean.masked;
  recognition.looks_binary = clean.looks_binary;
  if (recognition.looks_binary) {
    recognition.suggestions.clear();
  }
  return recognition;
}

Recognition recognise(const Catalogue& catalogue, std::string_view text) {
  return Recogniser(catalogue).recognise(text);
}

Evidence extract_evidence(std::string_view text) {
  return detail::evidence_from(detail::clean(text).text);
}

}  // namespace gdap::errors
