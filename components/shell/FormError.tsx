// A form's error beside its buttons, announced to screen readers; nothing when there is none.
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <span className="form-error" role="alert">
      {message}
    </span>
  );
}
