// The one way to include Boost.Asio in this project. Boost 1.74's Asio needs <utility>
// before it with g++ 12 (std::exchange), and every gateway file wants the same aliases.
#pragma once

#include <utility>

#include <boost/asio.hpp>

namespace ftz::gw {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

}  // namespace ftz::gw
