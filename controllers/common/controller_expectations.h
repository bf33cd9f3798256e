// What a controller has asked the API for but not yet seen in its informer cache (upstream's
// UIDTrackingControllerExpectations). A sync that creates pods records how many creates it sent;
// the pod informer's adds count them down. Until every create and delete has been observed (or
// the record is older than kTimeout, for a watch event that never came), the cache is known to be
// behind and the next sync must not act on it, or it would create the same pods again.
#pragma once

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "client/clock.h"

namespace kapi::controllers {

class ControllerExpectations {
 public:
  static constexpr std::chrono::minutes kTimeout{5};

  explicit ControllerExpectations(client::ClockPtr clock) : clock_(std::move(clock)) {}

  // Whether the controller `key` may trust its cache: nothing pending, no record, or expired.
  bool satisfied(const std::string& key) const;

  // Replaces any record: `adds` creates and the deletion of `deleting` (object keys) are coming.
  void expect(const std::string& key, int adds, const std::set<std::string>& deleting);
  void expect_creations(const std::string& key, int adds) { expect(key, adds, {}); }
  void expect_deletions(const std::string& key, const std::set<std::string>& deleting) { expect(key, 0, deleting); }

  // An add came in (or a create we sent failed, so none will).
  void creation_observed(const std::string& key);
  // The object `object_key` went (or is going: deletionTimestamp), or its delete failed.
  void deletion_observed(const std::string& key, const std::string& object_key);

  // Forgets the controller `key` (its object was deleted).
  void forget(const std::string& key);

 private:
  struct Record {
    int adds = 0;
    std::set<std::string> deleting;
    client::Clock::TimePoint at;
  };

  client::ClockPtr clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Record> records_;
};

}  // namespace kapi::controllers
