-- Category facets count a product under its category and every category above it, as the category filter
-- (V9) finds it: "Sarees" counted only the products filed directly under it, not those under "Silk sarees",
-- so a facet's count disagreed with what choosing it found. Each search row now holds its category's lineage,
-- from its own category up to the top, with the categories' names (the facet labels, as the supplier wrote
-- them), and facets count each row once per category of its lineage. The filter lexemes are made from the
-- same lineage, so the filter and the counts cannot read the tree differently.
alter table product_search
    add column category_lineage_ids   uuid[] not null default '{}',
    add column category_lineage_names text[] not null default '{}';

-- A category and its ancestors, nearest first, with their names; empty when the category is gone. The walk
-- stops at a loop (V13 keeps the tree free of them, but a walk must not depend on it).
create function category_lineage(p_tenant uuid, p_category uuid, out ids uuid[], out names text[])
    language sql stable as
$$
    with recursive lineage (id, parent_id, name, depth) as (
        select c.id, c.parent_id, c.name, 1 from categories c
         where c.tenant_id = p_tenant and c.id = p_category
        union all
        select c.id, c.parent_id, c.name, l.depth + 1 from categories c join lineage l on c.id = l.parent_id
         where c.tenant_id = p_tenant)
      cycle id set looped using path
    select coalesce(array_agg(id order by depth), '{}'), coalesce(array_agg(name order by depth), '{}')
      from lineage where not looped
$$;

-- As in V9, from a lineage read once by project_product instead of a walk of its own.
create function product_filter_lexemes(p_tenant uuid, p_categories uuid[], p_city text, p_attributes text[])
    returns text[] language sql immutable as
$$
    select array['all' || md5(''),
                 'sup' || replace(p_tenant::text, '-', ''),
                 'city' || md5(lower(p_city))]
           || coalesce((select array_agg('cat' || replace(c::text, '-', '')) from unnest(p_categories) c), '{}')
           || coalesce((select array_agg('attr' || md5(lower(a collate pg_c_utf8)))
                          from unnest(p_attributes) a), '{}')
$$;
drop function product_filter_lexemes(uuid, uuid, text, text[]);

-- As in V16, with the lineage.
create or replace function project_product(p_tenant uuid, p_product uuid) returns void
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    p products;
    s suppliers;
    cat_name text := '';
    cat_texts text := '';
    cat_terms tsvector := '';
    lineage_ids uuid[] := '{}';
    lineage_names text[] := '{}';
    tag_texts text := '';
    tag_terms tsvector := '';
    attr_pairs text[];
    attr_values text;
    tr_languages text[];
    tr_names text[];
    tr_descriptions text;
    tr_name_terms tsvector;
    tr_description_terms tsvector;
    names text;
    head text;
    name_terms tsvector;
    head_terms tsvector;
begin
    select * into p from products where tenant_id = p_tenant and id = p_product;
    select * into s from suppliers where tenant_id = p_tenant;
    if p.id is null or s.tenant_id is null or not s.active or p.status <> 'active'
       or not product_has_stock(p.tenant_id, p.id, p.stock) then
        delete from product_search where tenant_id = p_tenant and product_id = p_product;
        return;
    end if;

    if p.category_id is not null then
        select c.name, c.name || ' ' || coalesce(string_agg(ct.name, ' '), ''),
               language_terms(s.default_language, c.name)
               || coalesce(tsvector_agg(language_terms(ct.language, ct.name)), '')
          into cat_name, cat_texts, cat_terms
          from categories c
          left join category_translations ct on ct.tenant_id = c.tenant_id and ct.category_id = c.id
         where c.tenant_id = p_tenant and c.id = p.category_id
         group by c.name;
        select l.ids, l.names into lineage_ids, lineage_names from category_lineage(p_tenant, p.category_id) l;
    end if;
    select coalesce(string_agg(t.name || ' ' || coalesce(tt.names, ''), ' '), ''),
           coalesce(tsvector_agg(language_terms(s.default_language, t.name) || coalesce(tt.terms, '')), '')
      into tag_texts, tag_terms
      from product_tags pt
      join tags t on t.tenant_id = pt.tenant_id and t.id = pt.tag_id
      left join lateral (select string_agg(x.name, ' ') as names,
                                tsvector_agg(language_terms(x.language, x.name)) as terms
                           from tag_translations x
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
           coalesce(string_agg(description, ' '), ''),
           coalesce(tsvector_agg(language_terms(language, name)), ''),
           coalesce(tsvector_agg(language_terms(language, description)), '')
      into tr_languages, tr_names, tr_descriptions, tr_name_terms, tr_description_terms
      from product_translations where tenant_id = p_tenant and product_id = p_product;

    names := p.name || ' ' || array_to_string(tr_names, ' ');
    head := names || ' ' || coalesce(cat_texts, '') || ' ' || tag_texts || ' ' || attr_values;
    name_terms := to_tsvector('english', names) || language_terms(s.default_language, p.name) || tr_name_terms;
    head_terms := to_tsvector('english', coalesce(cat_texts, '') || ' ' || tag_texts || ' ' || attr_values)
                  || coalesce(cat_terms, '') || tag_terms || language_terms(s.default_language, attr_values);

    insert into product_search (tenant_id, product_id, slug, name, translation_languages, translation_names,
                                category_id, category_name, category_lineage_ids, category_lineage_names,
                                supplier_name, supplier_city, default_language,
                                price_minor, sale_price_minor, currency, price_key, image_key, image_url,
                                attributes, words, name_terms, head_terms, document)
    values (p.tenant_id, p.id, p.slug, p.name, tr_languages, tr_names,
            p.category_id, coalesce(cat_name, ''), lineage_ids, lineage_names, s.name, s.city,
            s.default_language,
            p.price_minor, p.sale_price_minor, p.currency,
            -- The lowest price of an item in stock: the product's own (when it has stock), each variant's.
            coalesce(least(case when p.stock > 0 then coalesce(p.sale_price_minor, p.price_minor) end,
                           (select min(coalesce(pv.price_override_minor, p.sale_price_minor, p.price_minor))
                              from product_variants pv
                             where pv.tenant_id = p_tenant and pv.product_id = p_product and pv.stock > 0)),
                     coalesce(p.sale_price_minor, p.price_minor)),
            coalesce(p.image_keys[1], ''), coalesce(p.image_urls[1], ''),
            attr_pairs,
            coalesce((select array_agg(distinct w order by w)
                        from regexp_split_to_table(lower(head), '[[:space:][:punct:]]+') w
                       where length(w) between 2 and 40), '{}'),
            name_terms,
            name_terms || head_terms,
            setweight(name_terms, 'A')
            || setweight(head_terms, 'B')
            || setweight(to_tsvector('english', p.description || ' ' || tr_descriptions)
                         || language_terms(s.default_language, p.description) || tr_description_terms, 'C')
            || array_to_tsvector(product_filter_lexemes(p.tenant_id, lineage_ids, s.city, attr_pairs)))
    on conflict (tenant_id, product_id) do update
        set slug = excluded.slug, name = excluded.name, translation_languages = excluded.translation_languages,
            translation_names = excluded.translation_names, category_id = excluded.category_id,
            category_name = excluded.category_name, category_lineage_ids = excluded.category_lineage_ids,
            category_lineage_names = excluded.category_lineage_names, supplier_name = excluded.supplier_name,
            supplier_city = excluded.supplier_city, default_language = excluded.default_language,
            price_minor = excluded.price_minor, sale_price_minor = excluded.sale_price_minor,
            currency = excluded.currency, price_key = excluded.price_key, image_key = excluded.image_key,
            image_url = excluded.image_url, attributes = excluded.attributes, words = excluded.words,
            name_terms = excluded.name_terms, head_terms = excluded.head_terms, document = excluded.document,
            updated_at = now()
        where (product_search.slug, product_search.name, product_search.translation_languages,
               product_search.translation_names, product_search.category_id, product_search.category_name,
               product_search.category_lineage_ids, product_search.category_lineage_names,
               product_search.supplier_name, product_search.supplier_city, product_search.default_language,
               product_search.price_minor, product_search.sale_price_minor, product_search.currency,
               product_search.price_key, product_search.image_key, product_search.image_url,
               product_search.attributes, product_search.words, product_search.name_terms,
               product_search.head_terms, product_search.document)
              is distinct from
              (excluded.slug, excluded.name, excluded.translation_languages, excluded.translation_names,
               excluded.category_id, excluded.category_name, excluded.category_lineage_ids,
               excluded.category_lineage_names, excluded.supplier_name, excluded.supplier_city,
               excluded.default_language, excluded.price_minor, excluded.sale_price_minor, excluded.currency,
               excluded.price_key, excluded.image_key, excluded.image_url, excluded.attributes, excluded.words,
               excluded.name_terms, excluded.head_terms, excluded.document);
end
$$;

-- A category renamed or moved changes the lineage of every product filed in it or below it. One trigger for
-- both, so a save that does both re-projects the subtree once. Its name sorts after V13's cycle check
-- (categories_parent_not_below), and triggers fire in name order: a move that would close a loop fails first.
create function search_category_subtree_changed() returns trigger
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    r record;
begin
    for r in with recursive subtree (id) as (
                 select new.id
                 union
                 select c.id from categories c join subtree s on c.parent_id = s.id
                  where c.tenant_id = new.tenant_id)
             select p.tenant_id, p.id from products p
              where p.tenant_id = new.tenant_id and p.category_id in (select id from subtree)
              order by p.id
                for share of p
    loop
        perform project_product(r.tenant_id, r.id);
    end loop;
    return null;
end
$$;
drop trigger categories_search on categories;
drop trigger categories_search_moved on categories;
drop function search_category_moved();
create trigger categories_search after update of name, parent_id on categories
    for each row when ((old.name, old.parent_id) is distinct from (new.name, new.parent_id))
    execute function search_category_subtree_changed();

-- Rows of categorised products get their lineage. Nothing else of them changes (their filter lexemes already
-- follow the lineage), so the lineage is written alone rather than every row re-projected.
update product_search s
   set (category_lineage_ids, category_lineage_names)
       = (select l.ids, l.names from category_lineage(s.tenant_id, s.category_id) l)
 where s.category_id is not null;
