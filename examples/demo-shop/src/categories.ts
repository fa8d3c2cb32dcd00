/**
 * Categories for the Online Retail products, which have none in the data set: the shop's own curation, by words of
 * the product's name (the first rule that matches wins). Enough to browse by category and for affinities to mean
 * something; a real shop sends its categories with its catalog.
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/CHRISTMAS|ADVENT|REINDEER|SANTA|SNOWFLAKE/, 'Christmas'],
  [/CANDLE|T-LIGHT|LANTERN|LIGHTS?\b|LAMP|NIGHT LIGHT/, 'Candles & lights'],
  [/MUG|CUP|TEA|COFFEE|JUG|BOWL|PLATE|CUTLERY|SPOON|NAPKIN|TRAY|BAKING|CAKE|LUNCH BOX|BOTTLE|KITCHEN|JAM/, 'Kitchen & dining'],
  [/BAG|PURSE|TOTE|SHOPPER/, 'Bags'],
  [/CARD|WRAP|PAPER|NOTEBOOK|PENCIL|PEN\b|STICKER|ENVELOPE|RIBBON|TAPE/, 'Stationery & wrap'],
  [/GARDEN|PLANT|FLOWER POT|BIRD|WATERING|HERB/, 'Garden'],
  [/CHILD|KIDS|TOY|DOLL|GAME|PLAYHOUSE|SPACEBOY|DOLLY|JIGSAW/, 'Kids & toys'],
  [/SIGN|FRAME|CLOCK|MIRROR|CUSHION|DOORMAT|HOOK|WALL|ORNAMENT|DECORATION|GARLAND|BUNTING|VASE/, 'Home decor'],
  [/BOX|TIN|STORAGE|BASKET|JAR|CASE/, 'Storage'],
  [/NECKLACE|BRACELET|EARRINGS|RING\b|HAIR|JEWEL/, 'Jewellery'],
];

export const OTHER_CATEGORY = 'Gifts';

/** The category of a product, from its name. */
export function categoryOf(name: string): string {
  const upper = name.toUpperCase();
  for (const [pattern, category] of RULES) if (pattern.test(upper)) return category;
  return OTHER_CATEGORY;
}

/** Every category, in the order the shop shows them. */
export const CATEGORIES: readonly string[] = [...new Set(RULES.map(([, c]) => c)), OTHER_CATEGORY];
