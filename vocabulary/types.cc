#include "vocabulary/types.h"

#include "vocabulary/command.h"
#include "vocabulary/event.h"

namespace ftz {

const char* ToString(Side side) { return side == Side::kBuy ? "BUY" : "SELL"; }

const char* ToString(OrderType type) { return type == OrderType::kLimit ? "LIMIT" : "MARKET"; }

const char* ToString(TimeInForce tif) {
  switch (tif) {
    case TimeInForce::kGtc:
      return "GTC";
    case TimeInForce::kDay:
      return "DAY";
    case TimeInForce::kIoc:
      return "IOC";
    case TimeInForce::kFok:
      return "FOK";
  }
  return "?";
}

const char* ToString(StpMode mode) {
  switch (mode) {
    case StpMode::kNone:
      return "NONE";
    case StpMode::kCancelNewest:
      return "CANCEL_NEWEST";
    case StpMode::kCancelOldest:
      return "CANCEL_OLDEST";
    case StpMode::kCancelBoth:
      return "CANCEL_BOTH";
  }
  return "?";
}

const char* ToString(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone:
      return "NONE";
    case RejectReason::kBelowFloor:
      return "BELOW_FLOOR";
    case RejectReason::kNotMember:
      return "NOT_MEMBER";
    case RejectReason::kRoleNotAllowed:
      return "ROLE_NOT_ALLOWED";
    case RejectReason::kOriginNotAllowed:
      return "ORIGIN_NOT_ALLOWED";
    case RejectReason::kBadPrice:
      return "BAD_PRICE";
    case RejectReason::kBadQuantity:
      return "BAD_QUANTITY";
    case RejectReason::kUnknownInstrument:
      return "UNKNOWN_INSTRUMENT";
    case RejectReason::kUnknownOrder:
      return "UNKNOWN_ORDER";
    case RejectReason::kNotYourOrder:
      return "NOT_YOUR_ORDER";
    case RejectReason::kDuplicateClientId:
      return "DUPLICATE_CLIENT_ID";
    case RejectReason::kThrottled:
      return "THROTTLED";
    case RejectReason::kHalted:
      return "HALTED";
    case RejectReason::kRiskLimit:
      return "RISK_LIMIT";
    case RejectReason::kPostOnlyWouldCross:
      return "POST_ONLY_WOULD_CROSS";
    case RejectReason::kFokNotFillable:
      return "FOK_NOT_FILLABLE";
    case RejectReason::kBadCommand:
      return "BAD_COMMAND";
    case RejectReason::kTransshipment:
      return "TRANSSHIPMENT";
    case RejectReason::kUnknownParticipant:
      return "UNKNOWN_PARTICIPANT";
  }
  return "?";
}

const char* ToString(CancelReason reason) {
  switch (reason) {
    case CancelReason::kUser:
      return "USER";
    case CancelReason::kMassCancel:
      return "MASS_CANCEL";
    case CancelReason::kUnfilled:
      return "UNFILLED";
    case CancelReason::kSelfTrade:
      return "SELF_TRADE";
    case CancelReason::kFloorRaised:
      return "FLOOR_RAISED";
    case CancelReason::kDisconnect:
      return "DISCONNECT";
    case CancelReason::kExpired:
      return "EXPIRED";
    case CancelReason::kHalted:
      return "HALTED";
    case CancelReason::kPolicy:
      return "POLICY";
  }
  return "?";
}

const char* ToString(EventKind kind) {
  switch (kind) {
    case EventKind::kAccepted:
      return "ACCEPTED";
    case EventKind::kRejected:
      return "REJECTED";
    case EventKind::kTrade:
      return "TRADE";
    case EventKind::kCancelled:
      return "CANCELLED";
    case EventKind::kReplaced:
      return "REPLACED";
    case EventKind::kExpired:
      return "EXPIRED";
    case EventKind::kLevelChanged:
      return "LEVEL";
    case EventKind::kStatusChanged:
      return "STATUS";
    case EventKind::kFloorChanged:
      return "FLOOR_CHANGED";
    case EventKind::kTariffChanged:
      return "TARIFF_CHANGED";
    case EventKind::kPeriodClosed:
      return "PERIOD_CLOSED";
    case EventKind::kStockpileState:
      return "STOCKPILE_STATE";
    case EventKind::kDuty:
      return "DUTY";
    case EventKind::kTopUp:
      return "TOP_UP";
    case EventKind::kStockpileBuy:
      return "STOCKPILE_BUY";
    case EventKind::kStockpileRelease:
      return "STOCKPILE_RELEASE";
    case EventKind::kBudgetExhausted:
      return "BUDGET_EXHAUSTED";
    case EventKind::kTransshipment:
      return "TRANSSHIPMENT";
  }
  return "?";
}

const char* ToString(FloorChangeCause cause) {
  switch (cause) {
    case FloorChangeCause::kAdmin:
      return "ADMIN";
    case FloorChangeCause::kIndexed:
      return "INDEXED";
    case FloorChangeCause::kScheduled:
      return "SCHEDULED";
  }
  return "?";
}

const char* ToString(CommandKind kind) {
  switch (kind) {
    case CommandKind::kNewOrder:
      return "NEW";
    case CommandKind::kCancel:
      return "CANCEL";
    case CommandKind::kReplace:
      return "REPLACE";
    case CommandKind::kMassCancel:
      return "MASS_CANCEL";
    case CommandKind::kEndPeriod:
      return "END_PERIOD";
    case CommandKind::kSetFloor:
      return "SET_FLOOR";
    case CommandKind::kSetTariff:
      return "SET_TARIFF";
    case CommandKind::kHalt:
      return "HALT";
    case CommandKind::kResume:
      return "RESUME";
  }
  return "?";
}

}  // namespace ftz
