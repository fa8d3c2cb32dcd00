import { Anchor, EmptyState } from '@mantine/core';
import { Link } from 'react-router';

/** An address under /app that is no page of the dashboard. */
export function NotFoundPage() {
  return (
    <EmptyState
      title="No such page"
      description={
        <>
          This address is no page of the dashboard. Go to the <Anchor component={Link} to="/">overview</Anchor>.
        </>
      }
      py="xl"
    />
  );
}
