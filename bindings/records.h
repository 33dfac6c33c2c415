// NumPy record layouts of the core's plain structs, read off the structs themselves
// (offsetof, sizeof), so that arrays of commands and events cross between Python and
// C++ as bytes, with no conversion per record.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "vocabulary/event.h"
#include "vocabulary/types.h"

namespace ftz::bindings {

// One price level of a book side (LEVEL_DTYPE).
struct LevelRecord {
  int64_t price;
  int64_t qty;
  uint32_t orders;
};

// One resting order (ORDER_DTYPE).
struct OrderRecord {
  uint64_t order_id;
  uint64_t client_id;
  uint32_t participant;
  uint8_t side;
  uint8_t tif;
  int64_t price;
  int64_t leaves;
};

// ftz::Command (vocabulary/command.h), 64 bytes, fields named as its members.
pybind11::dtype CommandDtype();

// ftz::Event (vocabulary/event.h): the fields every kind has, `kind` and `instrument`,
// and the kind's `payload` as bytes.
pybind11::dtype EventDtype();

// For each EventKind value: the dtype of an Event of that kind, the common fields and
// its payload's, flattened (trade.maker.order_id -> maker_order_id; the `order` of an
// accepted, rejected, cancelled or replaced order -> order_id, client_id, participant).
// Every one has the itemsize of Event, so it views an array of EventDtype().
pybind11::dict EventKindDtypes();

// Whether a value of one of the core's one-byte enums is one of its enumerators: ToString
// names it (Side and OrderType, whose ToString names every value, by their range).
template <typename Enum>
bool IsEnumerator(Enum value);

// The names of the core's enums, from their ToString: {"EventKind": {"ACCEPTED": 0, ...}, ...}.
pybind11::dict EnumNames();

template <typename Enum>
bool IsEnumerator(Enum value) {
  if constexpr (std::is_same_v<Enum, Side>) {
    return value == Side::kBuy || value == Side::kSell;
  } else if constexpr (std::is_same_v<Enum, OrderType>) {
    return value == OrderType::kLimit || value == OrderType::kMarket;
  } else {
    return std::strcmp(ToString(value), "?") != 0;
  }
}

}  // namespace ftz::bindings
