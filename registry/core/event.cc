// Events (core/v1): field selectors on involvedObject.*, reason, type, source and friends (an
// empty value matches the empty string), and the `kubectl get events` table.
#include "registry/apps/workload_columns.h"
#include "registry/core/resources.h"
#include "registry/object_meta.h"
#include "registry/validation/field_checks.h"

namespace kapi::registry::core {
namespace {

using std::chrono::system_clock;
using validation::object_at;
using validation::text;

std::string age_of(const std::string& timestamp, system_clock::time_point now) {
  if (timestamp.empty()) return "<unknown>";
  auto t = parse_rfc3339(timestamp);
  if (!t) return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *t));
}

std::string trim(std::string s) {
  const char* space = " \t\n\r\f\v";
  s.erase(0, s.find_first_not_of(space));
  auto end = s.find_last_not_of(space);
  s.erase(end == std::string::npos ? 0 : end + 1);
  return s;
}

class EventStrategy : public Strategy {
 public:
  void validate(const json& obj, std::vector<FieldError>& errors) const override {
    const json& involved = object_at(obj, "involvedObject");
    std::string ns = text(involved, "namespace");
    if (!ns.empty() && ns != meta_string(obj, "namespace"))
      errors.push_back(invalid_value("involvedObject.namespace", ns, "does not match event.namespace"));
  }
  void validate_update(const json& obj, const json&, std::vector<FieldError>& errors) const override {
    validate(obj, errors);
  }
  void selectable_fields(const json& obj, std::map<std::string, std::string>& fields) const override {
    const json& involved = object_at(obj, "involvedObject");
    for (const char* f : {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"})
      fields[std::string("involvedObject.") + f] = text(involved, f);
    fields["reason"] = text(obj, "reason");
    fields["reportingComponent"] = text(obj, "reportingComponent");
    fields["source"] = text(object_at(obj, "source"), "component");
    fields["type"] = text(obj, "type");
  }
  TablePrinter table_printer() const override {
    using apps::column;
    TablePrinter p;
    TableColumn name = apps::name_column();
    name.priority = 1;
    p.columns = {column("Last Seen", "string", "Time when last this event was observed."),
                 column("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future."),
                 column("Reason", "string", "This should be a short, machine understandable string that gives the reason for this event being generated."),
                 column("Object", "string", "The object that this event is about."),
                 column("Subobject", "string", "The subcomponent this event is about.", 1),
                 column("Source", "string", "The component reporting this event.", 1),
                 column("Message", "string", "A human-readable description of the status of this operation."),
                 column("First Seen", "string", "The time at which the event was first recorded.", 1),
                 column("Count", "string", "The number of times this event has occurred.", 1),
                 name};
    p.cells = [](const json& ev, system_clock::time_point now) {
      std::string first_seen = age_of(text(ev, "firstTimestamp"), now);
      if (text(ev, "firstTimestamp").empty()) first_seen = age_of(text(ev, "eventTime"), now);
      std::string last_seen;
      const json& series = object_at(ev, "series");
      if (ev.contains("series") && ev["series"].is_object()) last_seen = age_of(text(series, "lastObservedTime"), now);
      else if (!text(ev, "lastTimestamp").empty()) last_seen = age_of(text(ev, "lastTimestamp"), now);
      else last_seen = first_seen;
      int64_t count = ev.contains("series") && ev["series"].is_object() ? series.value("count", 0) : ev.value("count", 0);
      if (count == 0) count = 1;
      const json& involved = object_at(ev, "involvedObject");
      std::string kind = text(involved, "kind");
      std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string object = text(involved, "name").empty() ? kind : kind + "/" + text(involved, "name");
      std::string component = text(object_at(ev, "source"), "component");
      if (component.empty()) component = text(ev, "reportingComponent");
      std::string host = text(object_at(ev, "source"), "host");
      if (host.empty()) host = text(ev, "reportingInstance");
      std::string source = host.empty() ? component : component + ", " + host;
      return json::array({last_seen, text(ev, "type"), text(ev, "reason"), object, text(involved, "fieldPath"),
                          source, trim(text(ev, "message")), first_seen, std::to_string(count),
                          meta_string(ev, "name")});
    };
    return p;
  }
};
}  // namespace

ResourceDefinition events() {
  return {{"", "v1", "Event", "events", "event", {"ev"}, {}, true, {}}, std::make_shared<EventStrategy>()};
}
}  // namespace kapi::registry::core
