#pragma once

// Redaction (`--redact`): a snapshot with nothing personal left in it, so it can travel with a
// ticket. It happens once, on the snapshot, before anything is evaluated or rendered; every report
// format is made from the redacted facts and so never sees an original name.
//
// - Display names, user principal names, e-mail addresses and domains become pseudonyms numbered
//   in order of appearance ("Customer-3", "customer-3.example", "user-1@partner.example"). The
//   same text gets the same pseudonym throughout one redaction. A number says nothing about the
//   name behind it, so the pseudonyms cannot be reversed by trying a list of candidate names (a
//   hash of the name could be).
// - Tenant and object ids keep their last segment only and stay GUIDs:
//   9c2e5a8d-1f4b-4e7c-a0d3-7f2b5e8c1a63 becomes 00000000-0000-0000-0000-7f2b5e8c1a63. The shape
//   stays because code tells ids from names by it (a CUSTOMER argument, conditional access
//   lists); the last segment stays so the partner can still find the object in its portals.
//   Should two ids share a last segment, the later one gets a different first group, so ids that
//   differ stay different and a redacted snapshot diagnoses as the original does.
// - Microsoft's published ids are not personal and stay whole: role template ids, first-party
//   application ids, Microsoft Graph permission ids.
// - Free text (Graph error messages, sign-in error descriptions, reasons a read failed) keeps its
//   words, but every known name, domain, UPN and id in it is replaced as above, and so is every
//   other e-mail address, host name that is not Microsoft's, GUID, and tenant named in an error
//   message.

#include "gdapcheck/model/snapshot.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace gdap::redact {

class Pseudonyms;

class Redactor {
 public:
  // Learns every name and id of `original` in the order of the snapshot (customers numbered as
  // listed) and builds the redacted copy.
  explicit Redactor(const model::Snapshot& original);
  ~Redactor();
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;
  Redactor(Redactor&&) = delete;
  Redactor& operator=(Redactor&&) = delete;

  const model::Snapshot& snapshot() const { return m_snapshot; }

  // A tenant or object id as the redacted snapshot writes it (ids it has not seen get the same
  // treatment, consistently).
  std::string id(std::string_view original);
  // Free text with names, domains, mail addresses and ids replaced, for what comes from outside
  // the snapshot but goes into the same report (an exception's reason, a profile's name).
  std::string text(std::string_view original);

 private:
  std::unique_ptr<Pseudonyms> m_pseudonyms;
  model::Snapshot m_snapshot;
};

}  // namespace gdap::redact
