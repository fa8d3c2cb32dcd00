import { Alert, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { RecommenderView } from '@rapport/contracts';
import { Link } from 'react-router';
import { notifyDone, notifyFailure } from '../../components/api-errors.js';
import { useLoad } from '../../hooks/use-load.js';
import { useApi, useCan } from '../../session/session-context.js';
import { ConfirmButton } from '../settings/confirm-button.js';
import { needsOf, needsSentence, presets, summaryOf } from './strategies.js';
import { NotLoaded } from '../../components/not-loaded.js';

/** The named recommenders (GET /api/v1/recommenders), each in plain words; an empty shop is offered presets. */
export function RecommenderList() {
  const api = useApi();
  const canWrite = useCan()('recommendations:write');
  const loaded = useLoad('recommenders', () => api.call('recommenders'));

  const remove = async (r: RecommenderView) => {
    try {
      await api.call('deleteRecommender', { params: { id: r.id } });
      notifyDone(`The recommender “${r.name}” was deleted.`);
    } catch (error) {
      notifyFailure(`The recommender “${r.name}” was not deleted`, error);
    }
    loaded.reload();
  };

  if (loaded.data === undefined) return <NotLoaded loaded={loaded} />;
  const items = loaded.data.items;
  if (items.length === 0) return <NoRecommenders canWrite={canWrite} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={640}>
          Your shop’s pages, emails and app ask for recommendations by these names.
        </Text>
        {canWrite ? (
          <Button component={Link} to="/recommendations/new">
            New recommender
          </Button>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {items.map((r) => {
          const s = summaryOf(r);
          return (
            <Card key={r.id} withBorder padding="md" component="article" aria-label={`Recommender ${r.name}`}>
              <Stack gap="xs">
                <div>
                  <Title order={3} size="h4">
                    {r.description === '' ? r.name : r.description}
                  </Title>
                  <Text size="xs" c="dimmed">
                    Name: <code>{r.name}</code>
                  </Text>
                </div>
                <Text size="sm">
                  <Text span fw={600} inherit>
                    {s.strategy}
                  </Text>
                  . {needsSentence[needsOf(r.strategy)]}.
                </Text>
                {s.rules.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No business rules: only products in stock.
                  </Text>
                ) : (
                  <List size="sm" spacing={2}>
                    {s.rules.map((rule) => (
                      <List.Item key={rule}>{rule}</List.Item>
                    ))}
                  </List>
                )}
                <Text size="sm" c="dimmed">
                  {s.fallback}.
                </Text>
                <Group gap="xs" mt="xs">
                  <Button size="xs" variant="light" component={Link} to={`/recommendations/edit/${encodeURIComponent(r.name)}`} aria-label={`${canWrite ? 'Edit' : 'Open'} ${r.name}`}>
                    {canWrite ? 'Edit and preview' : 'Preview'}
                  </Button>
                  {canWrite ? (
                    <ConfirmButton
                      label="Delete"
                      ariaLabel={`Delete ${r.name}`}
                      title={`Delete “${r.name}”?`}
                      question="Pages and emails that ask for it by name will get nothing from it. This cannot be undone."
                      confirm="Delete"
                      onConfirm={() => remove(r)}
                    />
                  ) : null}
                </Group>
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

function NoRecommenders({ canWrite }: { canWrite: boolean }) {
  return (
    <Stack maw={900}>
      <Alert color="teal" variant="light" title="No recommender yet">
        A recommender decides which products to suggest in one place of your shop — the home page, under a product, in the cart — and
        how: the most popular, what is often bought together, or what each customer is likely to want. You give it a name, and your
        pages ask for it by that name. {canWrite ? 'Start from one of these and change what you like:' : 'Owners, admins and marketers create them.'}
      </Alert>
      {canWrite ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {presets.map((p) => (
            <Card key={p.body.name} withBorder padding="md">
              <Stack gap="xs" h="100%" justify="space-between">
                <div>
                  <Title order={3} size="h5">
                    {p.title}
                  </Title>
                  <Text size="sm" c="dimmed" mt={4}>
                    {p.where}
                  </Text>
                </div>
                <Button variant="light" component={Link} to={`/recommendations/new?preset=${p.body.name}`} aria-label={`Start from ${p.title}`}>
                  Start from this
                </Button>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      ) : null}
      {canWrite ? (
        <Group>
          <Button component={Link} to="/recommendations/new" variant="subtle">
            Or start from scratch
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
