// Parsing and checking market configs (protobuf text format, proto/market_config.proto)
// and compiling them into MarketRules. Every error names the file, the field and the
// problem, e.g. "my.txtpb: instruments[1] (NDPR-OX).floor.hard.price: -5 is below zero".
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "floor_policy/rules.h"
#include "proto/market_config.pb.h"

namespace ftz {

// The embedded default market (market_config/default_market.txtpb).
const std::string& DefaultMarketText();

// Parses any protobuf text format message; errors read "ORIGIN: line L:C: problem".
absl::Status ParseTextProto(const std::string& text, const std::string& origin,
                            google::protobuf::Message* out);

// Parses text format; `origin` names the source in errors (a path, or "<default>").
absl::StatusOr<config::Market> ParseMarketConfig(const std::string& text,
                                                 const std::string& origin);

// Checks a parsed config and converts it to ticks and lots.
absl::StatusOr<MarketRules> CompileMarketRules(const config::Market& market,
                                               const std::string& origin);

// ParseMarketConfig + CompileMarketRules, errors with the line of the field they name
// ("my.txtpb: line 42: instruments[1] (NDPR-OX).floor.hard.price: -5 is below zero"). (Reading
// files is the caller's: this layer does no I/O.)
absl::StatusOr<MarketRules> MarketRulesFromText(const std::string& text, const std::string& origin);

}  // namespace ftz
