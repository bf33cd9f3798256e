// Read-modify-write of one object through the API, retried on 409 Conflict (someone wrote in
// between): the shape of upstream's RetryOnConflict around a Get and an Update.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "client/client.h"

namespace kapi::controllers {

// `change` edits the live object and returns false to write nothing. An object that is gone
// (404), or whose uid is no longer `uid` when one is given, counts as done. The error, if any,
// says why not: the first failure other than a conflict, or the last conflict.
std::optional<client::ApiError> update_with_retry(client::Client& api, const client::Resource& resource,
                                                  const std::string& ns, const std::string& name,
                                                  const std::function<bool(client::json&)>& change,
                                                  const std::string& uid = "",
                                                  const client::WriteOptions& options = {});

// "Reason: message", the form controllers return to their runner for a retry.
inline std::string describe(const client::ApiError& error) { return error.reason + ": " + error.message; }

}  // namespace kapi::controllers
