-- Product search reads a projection of the storefront-visible products (active, with stock on the
-- product or a variant, of an active supplier). It is a table of its own because row-level security
-- keeps operators that are not leakproof, such as @@, away from indexes: searched on products, every
-- query would read every row. The projection holds only what buyers may see, so its policy lets
-- everyone read it (a policy with any condition would be a security qual, and @@ would again lose its
-- index). Only the security-definer functions below write it, from triggers on every table whose rows
-- shape a product's visibility or text, so a seller's change is searchable at commit.

create extension if not exists pg_trgm with schema ${schema};
create extension if not exists fuzzystrmatch with schema ${schema};

create table product_search (
    tenant_id             uuid not null,
    product_id            uuid not null,
    slug                  text not null,
    name                  text not null,
    -- Names of the product's translations, parallel arrays; the reader's language picks one.
    translation_languages text[] not null,
    translation_names     text[] not null,
    category_id           uuid,
    category_name         text not null,
    -- The supplier read-model, denormalised: kept by the trigger on suppliers.
    supplier_name         text not null,
    supplier_city         text not null,
    default_language      text not null,
    price_minor           bigint not null,
    sale_price_minor      bigint,
    currency              char(3) not null,
    -- What a buyer pays: the sale price when on sale. Price filters and sorts read it.
    price_key             bigint not null,
    image_key             text not null,
    image_url             text not null,
    -- 'key=value' of the product's and its variants' attributes, as written, for facets and filters.
    attributes            text[] not null,
    -- Distinct lowercase words of name, category, tags and attribute values, for suggestions.
    words                 text[] not null,
    -- Relevance tiers: the query matched by the name alone, by the name with category, tags and
    -- attribute values, or anywhere (with the description).
    name_terms            tsvector not null,
    head_terms            tsvector not null,
    -- Weighted A (names), B (category, tags, attribute values), C (descriptions), plus filter
    -- lexemes (see product_filter_lexemes), so one GIN lookup intersects terms and filters.
    document              tsvector not null,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    primary key (tenant_id, product_id)
);
-- Product ids are UUIDv7: descending id is newest first, across tenants.
create unique index product_search_id_key on product_search (product_id);
create index product_search_price_idx on product_search (price_key, product_id);
create index product_search_name_terms_idx on product_search using gin (name_terms);
create index product_search_head_terms_idx on product_search using gin (head_terms);
create index product_search_document_idx on product_search using gin (document);

alter table product_search enable row level security;
alter table product_search force row level security;
create policy product_search_read on product_search for select using (true);
grant select on product_search to ${app_role};

-- Words for suggestions and how many searchable products hold each, recounted periodically
-- (refresh_search_terms); a word of a product that stopped being searchable goes at the next count.
create table search_terms (
    term       text primary key,
    products   bigint not null check (products > 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index search_terms_trgm_idx on search_terms using gin (term gin_trgm_ops);
create index search_terms_prefix_idx on search_terms (term text_pattern_ops);

alter table search_terms enable row level security;
alter table search_terms force row level security;
create policy search_terms_read on search_terms for select using (true);
grant select on search_terms to ${app_role};

-- Filter values as single lexemes: a category or supplier id, a hashed city (any case) or attribute
-- pair (exactly as written, so the searching side can hash it too), and one lexeme every document has
-- (a search with neither words nor filters matches it). They read as a short prefix glued to 32 hex
-- digits, which no ordinary searched word is.
create function product_filter_lexemes(p_tenant uuid, p_category uuid, p_city text, p_attributes text[])
    returns text[] language sql immutable as
$$
    select array['all' || md5(''),
                 'sup' || replace(p_tenant::text, '-', ''),
                 'city' || md5(lower(p_city))]
           || case when p_category is null then '{}'::text[]
                   else array['cat' || replace(p_category::text, '-', '')] end
           || coalesce((select array_agg('attr' || md5(a)) from unnest(p_attributes) a), '{}')
$$;

-- Recomputes one product's row: written when the product is visible, removed otherwise.
create function project_product(p_tenant uuid, p_product uuid) returns void
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    p products;
    s suppliers;
    cat_name text := '';
    cat_texts text := '';
    tag_texts text := '';
    attr_pairs text[];
    attr_values text;
    tr_languages text[];
    tr_names text[];
    tr_descriptions text;
    names text;
    head text;
begin
    select * into p from products where tenant_id = p_tenant and id = p_product;
    select * into s from suppliers where tenant_id = p_tenant;
    if p.id is null or s.tenant_id is null or not s.active or p.status <> 'active'
       or not product_has_stock(p.tenant_id, p.id, p.stock) then
        delete from product_search where tenant_id = p_tenant and product_id = p_product;
        return;
    end if;

    if p.category_id is not null then
        select c.name, c.name || ' ' || coalesce(string_agg(ct.name, ' '), '')
          into cat_name, cat_texts
          from categories c
          left join category_translations ct on ct.tenant_id = c.tenant_id and ct.category_id = c.id
         where c.tenant_id = p_tenant and c.id = p.category_id
         group by c.name;
    end if;
    select coalesce(string_agg(t.name || ' ' || coalesce(tt.names, ''), ' '), '')
      into tag_texts
      from product_tags pt
      join tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id
      left join lateral (select string_agg(x.name, ' ') as names from tag_translations x
                          where x.tenant_id = t.tenant_id and x.tag_id = t.id) tt on true
     where pt.tenant_id = p_tenant and pt.product_id = p_product;
    select coalesce(array_agg(distinct pair order by pair), '{}'), coalesce(string_agg(value, ' '), '')
      into attr_pairs, attr_values
      from (select k || '=' || v as pair, v as value
              from unnest(p.attribute_keys, p.attribute_values) as a(k, v)
            union
            select k || '=' || v, v
              from product_variants pv, unnest(pv.attribute_keys, pv.attribute_values) as a(k, v)
             where pv.tenant_id = p_tenant and pv.product_id = p_product) pairs;
    select coalesce(array_agg(language order by language), '{}'),
           coalesce(array_agg(name order by language), '{}'),
           coalesce(string_agg(description, ' '), '')
      into tr_languages, tr_names, tr_descriptions
      from product_translations where tenant_id = p_tenant and product_id = p_product;

    names := p.name || ' ' || array_to_string(tr_names, ' ');
    head := names || ' ' || coalesce(cat_texts, '') || ' ' || tag_texts || ' ' || attr_values;

    insert into product_search (tenant_id, product_id, slug, name, translation_languages, translation_names,
                                category_id, category_name, supplier_name, supplier_city, default_language,
                                price_minor, sale_price_minor, currency, price_key, image_key, image_url,
                                attributes, words, name_terms, head_terms, document)
    values (p.tenant_id, p.id, p.slug, p.name, tr_languages, tr_names,
            p.category_id, coalesce(cat_name, ''), s.name, s.city, s.default_language,
            p.price_minor, p.sale_price_minor, p.currency, coalesce(p.sale_price_minor, p.price_minor),
            coalesce(p.image_keys[1], ''), coalesce(p.image_urls[1], ''),
            attr_pairs,
            coalesce((select array_agg(distinct w order by w)
                        from regexp_split_to_table(lower(head), '[[:space:][:punct:]]+') w
                       where length(w) between 2 and 40), '{}'),
            to_tsvector('english', names),
            to_tsvector('english', head),
            setweight(to_tsvector('english', names), 'A')
            || setweight(to_tsvector('english', coalesce(cat_texts, '') || ' ' || tag_texts || ' ' || attr_values),
                         'B')
            || setweight(to_tsvector('english', p.description || ' ' || tr_descriptions), 'C')
            || array_to_tsvector(product_filter_lexemes(p.tenant_id, p.category_id, s.city, attr_pairs)))
    on conflict (tenant_id, product_id) do update
        set slug = excluded.slug, name = excluded.name, translation_languages = excluded.translation_languages,
            translation_names = excluded.translation_names, category_id = excluded.category_id,
            category_name = excluded.category_name, supplier_name = excluded.supplier_name,
            supplier_city = excluded.supplier_city, default_language = excluded.default_language,
            price_minor = excluded.price_minor, sale_price_minor = excluded.sale_price_minor,
            currency = excluded.currency, price_key = excluded.price_key, image_key = excluded.image_key,
            image_url = excluded.image_url, attributes = excluded.attributes, words = excluded.words,
            name_terms = excluded.name_terms, head_terms = excluded.head_terms, document = excluded.document,
            updated_at = now();
end
$$;

-- Triggers: each names the products whose row may have changed. They run as the schema owner
-- (security definer), so the service role needs no write access to the projection.
create function search_product_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    if tg_op = 'DELETE' then
        perform project_product(old.tenant_id, old.id);
    else
        perform project_product(new.tenant_id, new.id);
    end if;
    return null;
end
$$;
create trigger products_search after insert or update or delete on products
    for each row execute function search_product_changed();

-- Variants (stock, attributes), tags and translations of one product.
create function search_product_child_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform project_product(old.tenant_id, old.product_id);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform project_product(new.tenant_id, new.product_id);
    end if;
    return null;
end
$$;
create trigger product_variants_search after insert or update or delete on product_variants
    for each row execute function search_product_child_changed();
create trigger product_tags_search after insert or update or delete on product_tags
    for each row execute function search_product_child_changed();
create trigger product_translations_search after insert or update or delete on product_translations
    for each row execute function search_product_child_changed();

-- A category's or tag's name (or translation) changes the text of every product that has it. The
-- trigger's argument names the column holding the category's or tag's id. Deleting a category sets
-- its products' category_id to null, which the products trigger sees; deleting a tag deletes its
-- product_tags rows, which their trigger sees.
create function search_category_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    changed jsonb := to_jsonb(coalesce(new, old));
    r record;
begin
    for r in select p.tenant_id, p.id from products p
              where p.tenant_id = (changed ->> 'tenant_id')::uuid
                and p.category_id = (changed ->> tg_argv[0])::uuid
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;
create trigger categories_search after update of name on categories
    for each row execute function search_category_changed('id');
create trigger category_translations_search after insert or update or delete on category_translations
    for each row execute function search_category_changed('category_id');

create function search_tag_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    changed jsonb := to_jsonb(coalesce(new, old));
    r record;
begin
    for r in select pt.tenant_id, pt.product_id from product_tags pt
              where pt.tenant_id = (changed ->> 'tenant_id')::uuid
                and pt.tag_id = (changed ->> tg_argv[0])::uuid
    loop
        perform project_product(r.tenant_id, r.product_id);
    end loop;
    return null;
end
$$;
create trigger tags_search after update of name on tags
    for each row execute function search_tag_changed('id');
create trigger tag_translations_search after insert or update or delete on tag_translations
    for each row execute function search_tag_changed('tag_id');

-- The supplier read-model: activity, name, city and default language reach every product row.
create function search_supplier_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    r record;
begin
    for r in select p.tenant_id, p.id from products p where p.tenant_id = new.tenant_id loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;
create trigger suppliers_search after insert or update of name, city, default_language, active on suppliers
    for each row execute function search_supplier_changed();

-- Recounts the words of searchable products. One recount at a time (replicas queue behind the lock).
create function refresh_search_terms() returns void
    language sql security definer set search_path = ${schema} as
$$
    select pg_advisory_xact_lock(hashtext('catalog.refresh_search_terms'));
    with counted as (
        select w as term, count(*) as products from product_search, unnest(words) w group by w
    ), gone as (
        delete from search_terms t where not exists (select 1 from counted c where c.term = t.term)
    )
    insert into search_terms (term, products)
    select term, products from counted
    on conflict (term) do update set products = excluded.products, updated_at = now()
        where search_terms.products <> excluded.products;
$$;

grant execute on function refresh_search_terms() to ${app_role};

select project_product(p.tenant_id, p.id) from products p;
select refresh_search_terms();
