#include "admission/admission.h"

namespace kapi::admission {

std::optional<ApiError> Chain::admit(Attributes& attrs) const {
  for (const auto& plugin : plugins_)
    if (auto err = plugin->admit(attrs)) return err;
  return std::nullopt;
}

std::optional<ApiError> Chain::validate(const Attributes& attrs) const {
  for (const auto& plugin : plugins_)
    if (auto err = plugin->validate(attrs)) return err;
  return std::nullopt;
}

}  // namespace kapi::admission
