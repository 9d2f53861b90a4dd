-- Attribute filters match values in any letter case ("fabric=silk" finds "fabric=Silk"), as city
-- filters do. The pair is lowercased with the pg_c_utf8 collation: Unicode simple case mapping, the same
-- on every server whatever its locale, which the searching side reproduces in Java
-- (ProductSearchDao.Match.attributeLexemes). Facets group the spellings of one value (ProductSearchSql).
create or replace function product_filter_lexemes(p_tenant uuid, p_category uuid, p_city text,
                                                  p_attributes text[])
    returns text[] language sql immutable as
$$
    select array['all' || md5(''),
                 'sup' || replace(p_tenant::text, '-', ''),
                 'city' || md5(lower(p_city))]
           || case when p_category is null then '{}'::text[]
                   else array['cat' || replace(p_category::text, '-', '')] end
           || coalesce((select array_agg('attr' || md5(lower(a collate pg_c_utf8)))
                          from unnest(p_attributes) a), '{}')
$$;

-- Documents written before hold lexemes of the pairs as written.
select project_product(s.tenant_id, s.product_id) from product_search s where cardinality(s.attributes) > 0;
