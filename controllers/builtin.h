// The built-in controllers and upstream's --controllers selection over them.
#pragma once

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "controllers/manager.h"

namespace kapi::controllers {

// Every built-in controller, in start order (the node first, so pods have somewhere to go).
const std::vector<ControllerDescriptor>& builtin_controllers();

// Upstream's --controllers rule: "*" enables every controller, "name" enables one, "-name"
// disables one (winning over "*"). No flags: none. An unknown name is an error.
std::variant<std::set<std::string>, std::string> select_controllers(const std::vector<std::string>& flags);

// The built-in controllers named in `enabled`, in start order.
std::vector<ControllerDescriptor> builtin_descriptors(const std::set<std::string>& enabled);

}  // namespace kapi::controllers
