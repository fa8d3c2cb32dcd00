import { Stack, Tabs, Text, Title } from '@mantine/core';
import { Navigate, useNavigate, useParams } from 'react-router';
import { ModelsPanel } from './recommendations/models-panel.js';
import { RecommenderEditor } from './recommendations/recommender-editor.js';
import { RecommenderList } from './recommendations/recommender-list.js';

/**
 * Recommendations: the named recommenders (/recommendations, /recommendations/new, /recommendations/edit/:name) and
 * the trained models with the offline evaluations (/recommendations/models). One route with a splat leads here
 * (routes.tsx); the rest of the path picks the screen.
 */
export function RecommendationsPage() {
  const rest = useParams()['*'] ?? '';
  const navigate = useNavigate();
  const tab = rest === 'models' ? 'models' : 'recommenders';
  let screen: React.JSX.Element;
  if (rest === '') screen = <RecommenderList />;
  else if (rest === 'new') screen = <RecommenderEditor key="new" name={undefined} />;
  else if (rest.startsWith('edit/') && rest.length > 'edit/'.length) {
    const name = rest.slice('edit/'.length);
    screen = <RecommenderEditor key={name} name={name} />;
  } else if (rest === 'models') screen = <ModelsPanel />;
  else return <Navigate to="/recommendations" replace />;

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          Recommendations
        </Title>
        <Text size="sm" c="dimmed">
          Which products your shop suggests, where, and why — each suggestion comes with its reason.
        </Text>
      </div>
      <Tabs value={tab} onChange={(value) => void navigate(value === 'models' ? '/recommendations/models' : '/recommendations')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="recommenders">Recommenders</Tabs.Tab>
          <Tabs.Tab value="models">Models and evaluation</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {screen}
    </Stack>
  );
}
