/** What the create-code server action answers when it does not redirect. */
export interface CreateCodeFormState {
  fieldErrors?: Record<string, string>;
  formError?: string;
}
