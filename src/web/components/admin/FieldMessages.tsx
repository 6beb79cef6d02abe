/** Validation messages next to the field they are about (from the API's `field: reason` errors). */
export function FieldMessages({ messages, testId }: { messages: readonly string[]; testId: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-error" role="alert" data-testid={testId}>
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}
