// The API's words for the field errors createCode and resolveRule raise (part of its problem+json
// contract). Named here so a form that words them its own way (the dashboard's create-code form)
// matches them by name, not by a copy of the text.
export const fieldMessages = {
  untilPast: "must be in the future",
  untilBeforeStart: "must be after validFrom",
  notOneRule: "give exactly one of discount (1–100), ruleId or rule",
  unknownRule: "no rule with this id belongs to the brand",
  codeTaken: "already exists",
} as const;
