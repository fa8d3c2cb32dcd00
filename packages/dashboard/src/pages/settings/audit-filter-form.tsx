import { Button, Grid, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { useLoad } from '../../hooks/use-load.js';
import { useApi } from '../../session/session-context.js';
import { auditMethods, hasFilters, isoOfLocalInput, localInputOf, type AuditFilters, type AuditMethod } from './audit-filters.js';

const methodOptions = auditMethods.map((m) => ({ value: m, label: m }));

/**
 * Who, which method, which route and when: each filter applies as it changes (the route as one stops typing).
 * `onChange` gets only what changed, undefined for a filter taken away.
 */
export function AuditFilterForm({ filters, onChange, onClear }: { filters: AuditFilters; onChange: (change: AuditFilters) => void; onClear: () => void }) {
  const api = useApi();
  const users = useLoad('users', () => api.call('users'));
  const people = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));

  const route = filters.route ?? '';
  const [typed, setTyped] = useState(route);
  const applyRoute = useDebouncedCallback((value: string) => onChange({ route: value === '' ? undefined : value }), 300);
  // The address changed by itself (Back, Clear filters): the box follows it.
  const [shown, setShown] = useState(route);
  if (shown !== route) {
    setShown(route);
    if (typed.trim() !== route) setTyped(route);
  }

  const since = filters.since === undefined ? Number.NaN : Date.parse(filters.since);
  const until = filters.until === undefined ? Number.NaN : Date.parse(filters.until);
  const time = (label: string, name: 'since' | 'until', error?: string) => (
    <TextInput type="datetime-local" label={label} value={localInputOf(filters[name])} onChange={(e) => onChange({ [name]: isoOfLocalInput(e.currentTarget.value) })} error={error} />
  );

  return (
    <form role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
      <Grid align="flex-end">
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Select label="Person" placeholder="Anyone" data={people} value={filters.actorId ?? null} onChange={(value) => onChange({ actorId: value ?? undefined })} searchable clearable nothingFoundMessage="Nobody by that name" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <Select label="Method" placeholder="Any" data={methodOptions} value={filters.method ?? null} onChange={(value) => onChange({ method: (value ?? undefined) as AuditMethod | undefined })} clearable />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <TextInput
            label="Route"
            placeholder="e.g. /api/v1/segments/:id"
            value={typed}
            onChange={(e) => {
              setTyped(e.currentTarget.value);
              applyRoute(e.currentTarget.value.trim());
            }}
            autoComplete="off"
            spellCheck={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6, md: 4 }}>{time('From', 'since')}</Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6, md: 4 }}>{time('Until', 'until', since > until ? 'Must not be before “From”' : undefined)}</Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Button
            variant="default"
            disabled={!hasFilters(filters) && typed === ''}
            onClick={() => {
              applyRoute.cancel();
              setTyped('');
              onClear();
            }}
          >
            Clear filters
          </Button>
        </Grid.Col>
      </Grid>
    </form>
  );
}
