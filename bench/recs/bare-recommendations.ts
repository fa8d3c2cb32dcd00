/**
 * The HTTP ceiling of the serving half of `npm run bench:recs`, run as a child process: the same stack as Rapport's
 * recommendation routes (Fastify 5, a JSON body parsed and checked against a schema, a JSON answer serialized from
 * a response schema) answering a fixed list of the same size as Rapport's — no authentication, no database, no
 * model. Prints `bare endpoint listening on <url>` once it listens.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { RecommendationQuerySchema, RecommendationsSchema, type RecommendationsView } from '@rapport/contracts';
import Fastify from 'fastify';

const answer: RecommendationsView = {
  recommender: null,
  strategy: 'hybrid',
  fallback: false,
  personalized: true,
  modelVersion: 1,
  items: Array.from({ length: 10 }, (_, i) => ({
    productId: `2${String(i).padStart(4, '0')}`,
    score: 0.5 - i / 100,
    name: `WHITE HANGING HEART T-LIGHT HOLDER ${i}`,
    category: null,
    price: 2.55,
    currency: 'GBP',
    imageUrl: null,
    url: null,
    reason: { kind: 'because_you_bought', productIds: ['85123A'], sentence: 'Because you bought WHITE HANGING HEART T-LIGHT HOLDER' },
  })),
};

const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
app.post('/api/v1/recommendations', { schema: { body: RecommendationQuerySchema, response: { 200: RecommendationsSchema } } }, async () => answer);

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`bare endpoint listening on ${address}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
