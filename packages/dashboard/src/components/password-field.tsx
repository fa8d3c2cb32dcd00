import { List, PasswordInput, Text } from '@mantine/core';
import { passwordProblems } from '@rapport/contracts';

export interface PasswordFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Whom the password is for: it may not be their address or name. */
  readonly person: { email: string; name?: string };
  /** An error of the API about this field. */
  readonly error?: React.ReactNode;
  readonly label?: string;
}

/** A new password, checked as it is typed with the API's own rules (`passwordProblems` of @rapport/contracts). */
export function PasswordField({ value, onChange, person, error, label = 'Password' }: PasswordFieldProps) {
  const problems = passwordProblems(value, person);
  return (
    <div>
      <PasswordInput label={label} required autoComplete="new-password" value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} aria-describedby="password-rules" />
      <div id="password-rules" aria-live="polite">
        {value === '' ? (
          <Text size="xs" c="dimmed" mt={4}>
            At least 10 characters; not your e-mail address or your name.
          </Text>
        ) : problems.length === 0 ? (
          <Text size="xs" c="teal.8" mt={4}>
            Good: this password meets the rules.
          </Text>
        ) : (
          <List size="xs" c="orange.9" mt={4} data-testid="password-problems">
            {problems.map((p) => (
              <List.Item key={p}>The password {p}.</List.Item>
            ))}
          </List>
        )}
      </div>
    </div>
  );
}

/** True when the password breaks no rule. */
export function passwordIsAcceptable(value: string, person: { email: string; name?: string }): boolean {
  return value !== '' && passwordProblems(value, person).length === 0;
}
