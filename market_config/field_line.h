// Where a field of a text format file was written, so that a config error can name the
// line: errors name a field by its path from the file's top message, e.g.
// "instruments[1] (NDPR-OX).floor.hard.price" (a "(label)" after an index is ignored).
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace ftz {

// The 1-based line where `path` (or, when it was not written, its deepest written
// ancestor) appears in `text`, parsed as `prototype`'s type; nullopt when none of it
// was written (e.g. a default) or the text does not parse.
std::optional<int> FieldLine(const std::string& text, const google::protobuf::Message& prototype,
                             const std::string& path);

// An error of the form "ORIGIN: PATH: PROBLEM" with the line of PATH in `text` added, as
// parse errors give it: "ORIGIN: line L: PATH: PROBLEM", with PATH prefixed by `prefix`
// (e.g. "market." for the market of a scenario file). Other errors are returned
// unchanged.
absl::Status WithFieldLine(const absl::Status& error, const std::string& origin,
                           const std::string& text, const google::protobuf::Message& prototype,
                           const std::string& prefix = "");

}  // namespace ftz
