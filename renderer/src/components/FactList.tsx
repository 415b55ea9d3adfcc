/** One row of a fact list: its label, its value and the test id of the value. */
export type Fact = [label: string, value: string, testId: string];

/** A label–value list of facts, such as the IT details or the update status. */
export function FactList({ facts, testId }: { facts: readonly Fact[]; testId?: string }) {
  return (
    <dl className="facts" data-testid={testId}>
      {facts.map(([label, value, rowTestId]) => (
        <div className="facts__row" key={rowTestId}>
          <dt>{label}</dt>
          <dd data-testid={rowTestId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
