-- A product's price key, which price sorts and bounds read, was its own price (the sale price when on sale)
-- even when it sells through variants priced on their own: a stole whose only items in stock cost 200 and
-- 9,000 sorted and filtered as its base price of 3,000. It is now the lowest price of an item in stock, the
-- "from" price a result card shows: the product's own when it has stock, and each in-stock variant's
-- (its override, else the product's price). As in V8 otherwise.
create or replace function project_product(p_tenant uuid, p_product uuid) returns void
    language plpgsql security definer set search_path = ${schema} as
$$
declare
    p products;
    s suppliers;
    cat_name text := '';
    cat_texts text := '';
    cat_terms tsvector := '';
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
                                category_id, category_name, supplier_name, supplier_city, default_language,
                                price_minor, sale_price_minor, currency, price_key, image_key, image_url,
                                attributes, words, name_terms, head_terms, document)
    values (p.tenant_id, p.id, p.slug, p.name, tr_languages, tr_names,
            p.category_id, coalesce(cat_name, ''), s.name, s.city, s.default_language,
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
            updated_at = now()
        where (product_search.slug, product_search.name, product_search.translation_languages,
               product_search.translation_names, product_search.category_id, product_search.category_name,
               product_search.supplier_name, product_search.supplier_city, product_search.default_language,
               product_search.price_minor, product_search.sale_price_minor, product_search.currency,
               product_search.price_key, product_search.image_key, product_search.image_url,
               product_search.attributes, product_search.words, product_search.name_terms,
               product_search.head_terms, product_search.document)
              is distinct from
              (excluded.slug, excluded.name, excluded.translation_languages, excluded.translation_names,
               excluded.category_id, excluded.category_name, excluded.supplier_name, excluded.supplier_city,
               excluded.default_language, excluded.price_minor, excluded.sale_price_minor, excluded.currency,
               excluded.price_key, excluded.image_key, excluded.image_url, excluded.attributes, excluded.words,
               excluded.name_terms, excluded.head_terms, excluded.document);
end
$$;

-- A variant's price now counts too.
drop trigger product_variants_search_changed on product_variants;
create trigger product_variants_search_changed after update on product_variants
    for each row
    when ((old.product_id, old.attribute_keys, old.attribute_values, old.stock > 0, old.price_override_minor)
          is distinct from
          (new.product_id, new.attribute_keys, new.attribute_values, new.stock > 0, new.price_override_minor))
    execute function search_product_child_changed();

-- Products with a variant priced on its own get their key now.
select project_product(p.tenant_id, p.id)
  from products p
 where exists (select 1 from product_variants pv
                where pv.tenant_id = p.tenant_id and pv.product_id = p.id and pv.price_override_minor is not null);
