import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/** A licensed program; `position` is its place in the catalogue order used for sorting. */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'product',
  uniques: [
    {
      name: 'product_account_name_unique',
      expression: 'create unique index "product_account_name_unique" on "product" ("account_id", lower("name"))',
    },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    name: p.string().length(200),
    position: p.integer(),
  },
});
export type Product = InferEntity<typeof Product>;
