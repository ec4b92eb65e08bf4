import { Migration } from '@mikro-orm/migrations';

/**
 * Daily per-mode counts of access events, so license stats stay fast with millions of
 * events: counters since a reset read whole UTC days here and count only the day the reset
 * fell in from access_event. Statement-level triggers (one upsert per license/day/mode per
 * statement, in key order so concurrent batches cannot deadlock) keep it exact whoever
 * writes events: the event API, the portal import or a seed script.
 */
export class Migration20261128030000AccessEventDaily extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "access_event_daily" ("license_id" int not null, "day" date not null, "mode" text check ("mode" in ('full', 'limited', 'declined', 'take', 'take_denied', 'checkout')) not null, "account_id" int not null, "events" int not null, constraint "access_event_daily_pkey" primary key ("license_id", "day", "mode"));`,
    );
    this.addSql(
      `alter table "access_event_daily" add constraint "access_event_daily_license_id_foreign" foreign key ("license_id") references "license" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "access_event_daily" add constraint "access_event_daily_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    // No event may slip between the backfill and the triggers.
    this.addSql(`lock table "access_event" in share row exclusive mode;`);
    this.addSql(
      `insert into "access_event_daily" ("license_id", "day", "mode", "account_id", "events")
      select "license_id", ("occurred_at" at time zone 'UTC')::date, "mode", "account_id", count(*)::int
      from "access_event" group by 1, 2, 3, 4;`,
    );
    this.addSql(`create function "access_event_daily_sync"() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update access_event_daily d set events = d.events - g.n
    from (select license_id, (occurred_at at time zone 'UTC')::date as day, mode, count(*)::int as n
          from old_events group by 1, 2, 3 order by 1, 2, 3) g
    where d.license_id = g.license_id and d.day = g.day and d.mode = g.mode;
    delete from access_event_daily d using old_events o
    where d.events <= 0 and d.license_id = o.license_id
      and d.day = (o.occurred_at at time zone 'UTC')::date and d.mode = o.mode;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into access_event_daily as d (license_id, day, mode, account_id, events)
    select license_id, (occurred_at at time zone 'UTC')::date, mode, account_id, count(*)::int
    from new_events group by 1, 2, 3, 4 order by 1, 2, 3
    on conflict (license_id, day, mode) do update set events = d.events + excluded.events;
  end if;
  return null;
end
$$;`);
    this.addSql(`create trigger "access_event_daily_insert" after insert on "access_event"
      referencing new table as new_events for each statement execute function "access_event_daily_sync"();`);
    this.addSql(`create trigger "access_event_daily_update" after update on "access_event"
      referencing old table as old_events new table as new_events
      for each statement execute function "access_event_daily_sync"();`);
    this.addSql(`create trigger "access_event_daily_delete" after delete on "access_event"
      referencing old table as old_events for each statement execute function "access_event_daily_sync"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "access_event_daily_insert" on "access_event";`);
    this.addSql(`drop trigger if exists "access_event_daily_update" on "access_event";`);
    this.addSql(`drop trigger if exists "access_event_daily_delete" on "access_event";`);
    this.addSql(`drop function if exists "access_event_daily_sync"();`);
    this.addSql(`drop table if exists "access_event_daily" cascade;`);
  }
}
