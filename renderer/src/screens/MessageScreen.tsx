import type { ReactNode } from 'react';

import { useFocusOnMount } from '../hooks';

/** A screen that only tells the operator something: loading, setup needed, a broken settings file. */
export function MessageScreen({
  heading,
  children,
  testId,
}: {
  heading: string;
  children?: ReactNode;
  testId: string;
}) {
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section
      className="screen screen--message"
      aria-labelledby="message-heading"
      data-testid={testId}
    >
      <h1 id="message-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
        {heading}
      </h1>
      {children}
    </section>
  );
}
