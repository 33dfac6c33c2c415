// Credentials files, the constant-time compare and the logon backoff (logon_guard.h),
// without sockets: the time is the test's.
#include "gateway/logon_guard.h"

#include <chrono>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace ftz::gw {
namespace {

using std::chrono::milliseconds;

TEST(Credentials, ParsesPairsAndRefusesBadLines) {
  auto c = Credentials::Parse("# demo\np1  s3cret\n\n  admin\tadm1n  \n", "creds");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->size(), 2u);
  EXPECT_TRUE(c->Check("p1", "s3cret"));
  EXPECT_TRUE(c->Check("admin", "adm1n"));
  EXPECT_FALSE(c->Check("p1", "s3cre"));
  EXPECT_FALSE(c->Check("p1", "s3crett"));
  EXPECT_FALSE(c->Check("p2", "s3cret"));
  EXPECT_FALSE(c->Check("p1", ""));
  auto bad = Credentials::Parse("p1 a b\n", "creds");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(absl::StrContains(bad.status().message(), "creds:1")) << bad.status();
  auto twice = Credentials::Parse("p1 a\np1 b\n", "creds");
  ASSERT_FALSE(twice.ok());
  EXPECT_TRUE(absl::StrContains(twice.status().message(), "creds:2: participant p1 listed twice"));
  EXPECT_FALSE(Credentials::Parse("# nothing\n", "creds").ok());
  EXPECT_FALSE(Credentials::Load("/nonexistent/credentials").ok());
}

TEST(Credentials, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("ab", "abc"));
  EXPECT_FALSE(ConstantTimeEquals(absl::string_view("a\0", 2), "a"));
}

class LogonGuardTest : public ::testing::Test {
 protected:
  std::unique_ptr<Exchange> exchange_ = Exchange::Default();
  LogonGuard::Clock::time_point t_{};
};

TEST_F(LogonGuardTest, CredentialsFileDecidesAndDemoTokensNeedTheFlag) {
  auto creds = std::make_shared<const Credentials>(*Credentials::Parse("p1 file-token\n", "c"));
  LogonGuard with_file(*exchange_, creds, false, {});
  EXPECT_EQ(*with_file.Check("a", "p1", "file-token", t_), 1u);
  EXPECT_FALSE(with_file.Check("a", "p1", "secret", t_).ok());  // the demo token is not it
  EXPECT_FALSE(with_file.Check("a", "p2", "file-token", t_).ok());
  LogonGuard none(*exchange_, nullptr, false, {});
  auto refused = none.Check("a", "p1", "secret", t_);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "--credentials"));
  LogonGuard demo(*exchange_, nullptr, true, {});
  EXPECT_EQ(*demo.Check("a", "p7", "secret", t_), 7u);
  EXPECT_FALSE(demo.Check("a", "admin", "secret", t_).ok());
}

TEST_F(LogonGuardTest, FailuresBackOffPerAddressAndDouble) {
  LogonGuard g(*exchange_, nullptr, true,
               LogonBackoff{.free_failures = 3, .backoff_ms = 100, .max_backoff_ms = 400});
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(absl::IsPermissionDenied(g.Check("10.0.0.1", "p1", "x", t_).status()));
  }
  // The third failure starts a 100 ms backoff: even the right token is refused unchecked.
  EXPECT_TRUE(absl::IsPermissionDenied(g.Check("10.0.0.1", "p1", "x", t_).status()));
  auto held = g.Check("10.0.0.1", "p1", "secret", t_ + milliseconds(50));
  ASSERT_TRUE(absl::IsResourceExhausted(held.status()));
  EXPECT_TRUE(absl::StrContains(held.status().message(), "refused for 51 ms")) << held.status();
  // Another address is not affected.
  EXPECT_TRUE(g.Check("10.0.0.2", "p2", "secret", t_ + milliseconds(50)).ok());
  // After it, one more failure doubles the backoff (200 ms), then 400 (the cap), 400.
  auto t = t_ + milliseconds(100);
  for (int ms : {200, 400, 400}) {
    EXPECT_TRUE(absl::IsPermissionDenied(g.Check("10.0.0.1", "p1", "x", t).status()));
    EXPECT_TRUE(absl::IsResourceExhausted(
        g.Check("10.0.0.1", "p1", "secret", t + milliseconds(ms - 1)).status()));
    t += milliseconds(ms);
  }
  // A success clears the record: three free failures again.
  EXPECT_TRUE(g.Check("10.0.0.1", "p1", "secret", t).ok());
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(absl::IsPermissionDenied(g.Check("10.0.0.1", "p1", "x", t).status()));
  }
  EXPECT_TRUE(g.Check("10.0.0.1", "p1", "secret", t).ok());
  EXPECT_EQ(g.failures(), 2u + 1 + 1 + 3 + 3 + 2);
}

TEST_F(LogonGuardTest, AddressTableStaysBounded) {
  LogonGuard g(
      *exchange_, nullptr, true,
      LogonBackoff{
          .free_failures = 1, .backoff_ms = 10, .max_backoff_ms = 1000, .max_addresses = 4});
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(g.Check(std::to_string(i), "p1", "x", t_ + milliseconds(i)).ok());
  }
  // Only the most recent addresses are remembered: an old one is free again at once.
  const auto now = t_ + milliseconds(99);
  EXPECT_TRUE(g.Check("0", "p1", "secret", now).ok());
  EXPECT_TRUE(absl::IsResourceExhausted(g.Check("99", "p1", "secret", now).status()));
}

}  // namespace
}  // namespace ftz::gw
