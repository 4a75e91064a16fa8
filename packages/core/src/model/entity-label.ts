/**
 * How an entity without a name is shown to a reader (the entity list, the record view): a card as its number in
 * groups of four (`4400 4380 0539 0422`), a username as `@name`, else its id.
 */
export function entityLabel(id: string): string {
  const card = /^card:(\d{12,19})$/.exec(id);
  if (card) return card[1]!.replace(/(\d{4})(?=\d)/g, '$1 ');
  return id.startsWith('tg:@') ? id.slice(3) : id;
}
