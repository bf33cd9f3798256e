#include "bench/kapi-bench/workload.h"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench/kapi-bench/modes.h"
#include "client/http_client.h"

namespace kapi::bench {

using nlohmann::json;

int64_t unix_nanos_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {
// The object a writer sends, its name, sequence number and send time given as strings.
json object_json(const WorkloadOptions& options, const std::string& run_id, const std::string& padding,
                 const std::string& name, const std::string& seq, const std::string& sent) {
  json meta = {{"name", name},
               {"labels", {{kRunLabel, run_id}}},
               {"annotations", {{kSeqAnnotation, seq}, {kSentAnnotation, sent}, {"kapi-bench/pad", padding}}}};
  if (options.resource == "configmaps") return json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", meta}};
  // A scheduler name no scheduler serves keeps the pod unbound: no kubelet acts on it, and a
  // delete removes it at once.
  json spec = {{"schedulerName", "kapi-bench-unscheduled"},
               {"containers", json::array({{{"name", "c"}, {"image", "registry.k8s.io/pause:3.10"}}})}};
  return json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"spec", spec}};
}

const std::vector<std::string> kObjectSlots = {"@kapi-bench-name@", "@kapi-bench-seq@", "@kapi-bench-sent@"};
}  // namespace

std::variant<Workload, std::string> Workload::prepare(const Target& target, const WorkloadOptions& options) {
  if (options.resource != "configmaps" && options.resource != "pods")
    return "--resource must be configmaps or pods, not " + options.resource;
  Workload w;
  w.target_ = &target;
  w.options_ = options;
  // Unique enough for concurrent runs on one machine: pid and time.
  w.run_id_ = std::to_string(getpid()) + "-" + std::to_string(unix_nanos_now() / 1000000 % 100000000);
  // The other fields of an object take about 300 bytes; the rest is padding.
  w.padding_.assign(options.object_size > 300 ? options.object_size - 300 : 1, 'x');
  w.object_template_ = BodyTemplate(object_json(options, w.run_id_, w.padding_, kObjectSlots[0], kObjectSlots[1],
                                                kObjectSlots[2]),
                                    kObjectSlots);
  w.ns_ = options.ns;
  if (w.ns_.empty()) {
    w.ns_ = "kapi-bench-" + w.run_id_;
    w.own_namespace_ = true;
    json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"},
               {"metadata", {{"name", w.ns_}, {"labels", {{kRunLabel, w.run_id_}}}}}};
    auto transport = target.transport();
    auto created = call_ok(*transport, target.request("POST", "/api/v1/namespaces", ns.dump()));
    if (created.index() == 1) return std::get<1>(created);
  }
  return w;
}

std::string Workload::collection_path() const { return "/api/v1/namespaces/" + ns_ + "/" + options_.resource; }

std::string Workload::selector_query() const {
  return client::query_escape(std::string(kRunLabel) + "=" + run_id_);
}

std::string Workload::selector_param() const {
  return own_namespace_ ? "" : "&labelSelector=" + selector_query();
}

std::string Workload::object_body(const std::string& name, uint64_t seq, int64_t sent_unix_nano) const {
  const std::string seq_text = std::to_string(seq), sent_text = std::to_string(sent_unix_nano);
  return object_template_.render({name, seq_text, sent_text});
}

std::string Workload::patch_body(uint64_t seq, int64_t sent_unix_nano) const {
  return json{{"metadata",
               {{"annotations",
                 {{kSeqAnnotation, std::to_string(seq)}, {kSentAnnotation, std::to_string(sent_unix_nano)}}}}}}
      .dump();
}

std::string Workload::current_revision(std::string& error) const {
  auto transport = target_->transport();
  auto listed = call_ok(*transport, target_->request("GET", collection_path() + "?limit=1&labelSelector=" + selector_query()));
  if (listed.index() == 1) {
    error = std::get<1>(listed);
    return "";
  }
  json list = json::parse(std::get<0>(listed).body, nullptr, false);
  std::string rv = list.is_object() ? list.value("/metadata/resourceVersion"_json_pointer, std::string()) : "";
  if (rv.empty()) error = "the list of " + options_.resource + " has no metadata.resourceVersion";
  return rv;
}

std::string Workload::cleanup() const {
  auto transport = target_->transport();
  std::string errors;
  // Pods go at once (grace period 0): they were never bound to a node.
  auto removed = call_ok(*transport, target_->request("DELETE", collection_path() + "?labelSelector=" +
                                                                    selector_query() + "&gracePeriodSeconds=0"));
  if (removed.index() == 1) errors += std::get<1>(removed) + "\n";
  if (own_namespace_) {
    auto gone = call_ok(*transport, target_->request("DELETE", "/api/v1/namespaces/" + ns_));
    if (gone.index() == 1) errors += std::get<1>(gone) + "\n";
  }
  return errors;
}

int with_workload(const CommonOptions& common,
                  const std::function<int(const Target& target, const Workload& workload)>& body) {
  auto opened = Target::open(common.target);
  if (opened.index() == 1) {
    std::cerr << "kapi-bench: " << std::get<1>(opened) << "\n";
    return 2;
  }
  const Target& target = std::get<0>(opened);
  auto prepared = Workload::prepare(target, common.workload);
  if (prepared.index() == 1) {
    std::cerr << "kapi-bench: " << std::get<1>(prepared) << "\n";
    return 2;
  }
  return body(target, std::get<0>(prepared));
}

}  // namespace kapi::bench
