#include "market_config/field_line.h"

#include <memory>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"

namespace ftz {

namespace {

struct Step {
  std::string field;
  int index = -1;  // -1: not a repeated element
};

// "instruments[1] (NDPR-OX).floor" -> {instruments, 1}, {floor}.
std::vector<Step> ParsePath(const std::string& path) {
  std::vector<Step> steps;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    const size_t label = part.find(" (");
    if (label != absl::string_view::npos) part = part.substr(0, label);
    Step s;
    const size_t open = part.find('[');
    if (open != absl::string_view::npos && absl::EndsWith(part, "]")) {
      int index = 0;
      if (absl::SimpleAtoi(part.substr(open + 1, part.size() - open - 2), &index)) s.index = index;
      part = part.substr(0, open);
    }
    s.field = std::string(part);
    if (!s.field.empty()) steps.push_back(std::move(s));
  }
  return steps;
}

}  // namespace

std::optional<int> FieldLine(const std::string& text, const google::protobuf::Message& prototype,
                             const std::string& path) {
  std::unique_ptr<google::protobuf::Message> message(prototype.New());
  google::protobuf::TextFormat::ParseInfoTree tree;
  google::protobuf::TextFormat::Parser parser;
  parser.WriteLocationsTo(&tree);
  parser.AllowPartialMessage(true);
  if (!parser.ParseFromString(text, message.get())) return std::nullopt;
  const google::protobuf::Descriptor* type = message->GetDescriptor();
  const google::protobuf::TextFormat::ParseInfoTree* at = &tree;
  std::optional<int> line;
  for (const Step& s : ParsePath(path)) {
    const google::protobuf::FieldDescriptor* field =
        type ? type->FindFieldByName(s.field) : nullptr;
    if (!field || !at) break;
    const int index = field->is_repeated() ? std::max(s.index, 0) : -1;
    const google::protobuf::TextFormat::ParseLocation loc = at->GetLocation(field, index);
    if (loc.line < 0) break;
    line = loc.line + 1;
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) break;
    at = at->GetTreeForNested(field, index);
    type = field->message_type();
  }
  return line;
}

absl::Status WithFieldLine(const absl::Status& error, const std::string& origin,
                           const std::string& text, const google::protobuf::Message& prototype,
                           const std::string& prefix) {
  const std::string head = absl::StrCat(origin, ": ");
  const std::string message(error.message());
  if (error.ok() || !absl::StartsWith(message, head)) return error;
  const std::string rest = message.substr(head.size());
  const size_t colon = rest.find(": ");
  if (colon == std::string::npos) return error;
  const std::optional<int> line = FieldLine(text, prototype, prefix + rest.substr(0, colon));
  if (!line) return error;
  return absl::Status(error.code(), absl::StrCat(origin, ": line ", *line, ": ", prefix, rest));
}

}  // namespace ftz
