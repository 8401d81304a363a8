// What an auth form's server action answers with when it does not redirect.
export interface AuthFormState {
  /** A message for the whole form (e.g. wrong email or password). */
  error?: string;
  /** Messages per field name. */
  fieldErrors?: Partial<Record<string, string>>;
  /** The values to show again (never the password). */
  values?: Partial<Record<string, string>>;
}

export const emptyFormState: AuthFormState = {};

/** A form's server action, handed to the form by its page (components do not import from app/). */
export type AuthFormAction = (state: AuthFormState, form: FormData) => Promise<AuthFormState>;
