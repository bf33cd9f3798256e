#include "controllers/deployment/rolling_update_math.h"

#include <algorithm>
#include <cmath>

namespace kapi::controllers::rollout {

namespace {
const client::json& strategy_field(const client::json& d, const char* field) {
  static const client::json kNull;
  if (!d.contains("spec") || !d["spec"].contains("strategy")) return kNull;
  const auto& strategy = d["spec"]["strategy"];
  if (!strategy.is_object() || !strategy.contains("rollingUpdate")) return kNull;
  const auto& rolling = strategy["rollingUpdate"];
  return rolling.is_object() && rolling.contains(field) ? rolling[field] : kNull;
}

bool is_rolling_update(const client::json& d) {
  return d.contains("spec") && d["spec"].contains("strategy") && d["spec"]["strategy"].is_object() &&
         d["spec"]["strategy"].value("type", "RollingUpdate") == "RollingUpdate";
}

int64_t spec_replicas(const client::json& d) {
  return d.contains("spec") && d["spec"].value("replicas", client::json(1)).is_number()
             ? d["spec"].value("replicas", int64_t{1})
             : 1;
}
}  // namespace

std::optional<int64_t> scaled_value(const client::json& value, int64_t total, bool round_up) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (!value.is_string()) return std::nullopt;
  std::string text = value.get<std::string>();
  if (text.size() < 2 || text.back() != '%') return std::nullopt;
  text.pop_back();
  if (text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int64_t percent = std::stoll(text);
  int64_t scaled = percent * total;
  return round_up ? (scaled + 99) / 100 : scaled / 100;
}

Fenceposts resolve_fenceposts(const client::json& max_surge, const client::json& max_unavailable, int64_t desired) {
  Fenceposts f;
  f.max_surge = scaled_value(max_surge, desired, true).value_or(0);
  f.max_unavailable = scaled_value(max_unavailable, desired, false).value_or(0);
  if (f.max_surge == 0 && f.max_unavailable == 0) f.max_unavailable = 1;
  return f;
}

int64_t max_surge(const client::json& d) {
  if (!is_rolling_update(d)) return 0;
  return resolve_fenceposts(strategy_field(d, "maxSurge"), strategy_field(d, "maxUnavailable"), spec_replicas(d)).max_surge;
}

int64_t max_unavailable(const client::json& d) {
  int64_t replicas = spec_replicas(d);
  if (!is_rolling_update(d) || replicas == 0) return 0;
  auto f = resolve_fenceposts(strategy_field(d, "maxSurge"), strategy_field(d, "maxUnavailable"), replicas);
  return std::min(f.max_unavailable, replicas);
}

int64_t new_rs_replicas_rolling(int64_t desired, int64_t surge, int64_t all_specs, int64_t new_rs_spec) {
  int64_t max_total = desired + surge;
  if (all_specs >= max_total) return new_rs_spec;  // no room to grow
  int64_t scale_up = std::min(max_total - all_specs, desired - new_rs_spec);
  return new_rs_spec + std::max<int64_t>(scale_up, 0);
}

int64_t max_scaled_down(int64_t all_specs, int64_t desired, int64_t unavailable, int64_t new_rs_spec,
                        int64_t new_rs_available) {
  int64_t min_available = desired - unavailable;
  int64_t new_rs_unavailable = new_rs_spec - new_rs_available;
  return all_specs - min_available - new_rs_unavailable;
}

int64_t proportion(int64_t rs_spec, int64_t desired, int64_t deployment_max_now, int64_t deployment_max_before, int64_t to_add,
                   int64_t added) {
  if (rs_spec == 0 || to_add == 0 || to_add == added) return 0;
  int64_t fraction;
  if (desired == 0) fraction = -rs_spec;  // scaling to zero: all of it
  else if (deployment_max_before <= 0) fraction = 0;  // nothing to scale from: the leftover goes elsewhere
  else
    fraction = static_cast<int64_t>(std::llround(static_cast<double>(rs_spec) * static_cast<double>(deployment_max_now) /
                                                 static_cast<double>(deployment_max_before))) -
               rs_spec;
  int64_t allowed = to_add - added;
  return to_add > 0 ? std::min(fraction, allowed) : std::max(fraction, allowed);
}

}  // namespace kapi::controllers::rollout
