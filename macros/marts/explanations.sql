{#- The texts of fct_customer_explanations (docs/outputs.md): each macro gives the SQL text
    expression of one section, in Chinese (`zh`) or English (`en`), over the CTE `r` that
    carries the decided codes, their labels (`<code>_zh`, `<code>_en`) and the figures. They
    only state what the models decided and compared: the comparison signs follow the
    decided codes and bands, never a rule evaluated again. -#}

{#- A seed row's scope as text: `global`, `region <code>` or `branch <id>`. -#}
{% macro scope_label(scope_type, region_code, branch_id) -%}
    case {{ scope_type }}
        when 'branch' then {{ dbt.concat(["'branch '", branch_id]) }}
        when 'region' then {{ dbt.concat(["'region '", region_code]) }}
        else 'global'
    end
{%- endmacro %}

{#- A figure with 2 decimals, or a word for none. -#}
{% macro explanation_figure(expression, language) -%}
    coalesce({{ format_two_decimals(expression) }}, '{{ "无" if language == "zh" else "n/a" }}')
{%- endmacro %}

{#- A whole number (a count of days, months, people) as text, or a word for none. -#}
{% macro explanation_count(expression, language) -%}
    coalesce(
        cast(cast({{ expression }} as integer) as {{ dbt.type_string() }}),
        '{{ "无" if language == "zh" else "n/a" }}'
    )
{%- endmacro %}

{#- A text column, or the empty string when it is null. -#}
{% macro explanation_text(expression) -%}
    coalesce(cast({{ expression }} as {{ dbt.type_string() }}), '')
{%- endmacro %}

{#- 分类: credit status with the credit balance, market class with the customer kind, and
    the market segment with the industry code or tag that decided it; for a target, why it
    is a target. -#}
{% macro explanation_class_reason(r, language) -%}
    {%- set t = explanation_text -%}
    {%- if language == 'zh' -%}
        {%- set credit = dbt.concat([
            t(r ~ '.credit_status_zh'),
            "case when " ~ r ~ ".credit_status = 'with_credit' then '：观察日有原币余额大于0的授信，授信余额 ' "
            ~ "else '：观察日无原币余额大于0的授信，授信余额 ' end",
            explanation_figure(r ~ '.credit_balance_cny', 'zh'), "' 元；'"]) -%}
        {%- set target = "'目标客户：状态 open、创建日不晚于观察日，统一社会信用代码不属于任何在范围内的存量客户；'" -%}
        {%- set market = dbt.concat([
            t(r ~ '.market_class_zh'), "'：客户类型 '", t(r ~ '.institution_type'),
            "'（'", t(r ~ '.institution_type_zh'), "'）'"]) -%}
        {%- set industry = explanation_text("coalesce(" ~ r ~ ".industry_code, '无')") -%}
        {%- set segment -%}
            case {{ r }}.market_segment
                when 'real_estate' then {{ dbt.concat([
                    "'；'", t(r ~ '.market_segment_zh'), "'：行业代码 '", industry, "' 属大类70（房地产业）'"]) }}
                when 'emerging' then {{ dbt.concat([
                    "'；'", t(r ~ '.market_segment_zh'), "'（'", t(r ~ '.emerging_subtype_zh'), "'）：'",
                    "case when " ~ r ~ ".emerging_tag_subtype = " ~ r ~ ".emerging_subtype then "
                    ~ dbt.concat(["'观察日前有标签 '", t(r ~ '.emerging_subtype')]) ~ " else "
                    ~ dbt.concat(["'行业代码 '", industry, "' 在 emerging_industries.csv 中映射为 '",
                        t(r ~ '.emerging_subtype')]) ~ " end"]) }}
                when 'traditional' then {{ dbt.concat([
                    "'；'", t(r ~ '.market_segment_zh'), "'：行业代码 '", industry,
                    "' 非房地产，且无新兴市场标签或行业映射'"]) }}
                else ''
            end
        {%- endset -%}
    {%- else -%}
        {%- set credit = dbt.concat([
            t(r ~ '.credit_status_en'), "' ('", t(r ~ '.credit_status'), "'): '",
            "case when " ~ r ~ ".credit_status = 'with_credit' then 'an exposure has a balance > 0 in its own "
            ~ "currency on as_of_date, credit balance ' else 'no exposure has a balance > 0 in its own currency "
            ~ "on as_of_date, credit balance ' end",
            explanation_figure(r ~ '.credit_balance_cny', 'en'), "' CNY; '"]) -%}
        {%- set target = "'Target: a prospect open today, created on or before as_of_date, whose USCC belongs "
            ~ "to no in-scope customer; '" -%}
        {%- set market = dbt.concat([
            t(r ~ '.market_class_en'), "' ('", t(r ~ '.market_class'), "'): customer kind '",
            t(r ~ '.institution_type')]) -%}
        {%- set industry = explanation_text("coalesce(" ~ r ~ ".industry_code, 'none')") -%}
        {%- set segment -%}
            case {{ r }}.market_segment
                when 'real_estate' then {{ dbt.concat([
                    "'; '", t(r ~ '.market_segment_en'), "' (real_estate): industry code '", industry,
                    "' is in division 70 (real estate)'"]) }}
                when 'emerging' then {{ dbt.concat([
                    "'; '", t(r ~ '.market_segment_en'), "' (emerging, '", t(r ~ '.emerging_subtype'), "'): '",
                    "case when " ~ r ~ ".emerging_tag_subtype = " ~ r ~ ".emerging_subtype then "
                    ~ dbt.concat(["'a tag '", t(r ~ '.emerging_subtype'), "' dated on or before as_of_date'"])
                    ~ " else " ~ dbt.concat(["'industry code '", industry, "' maps to '",
                        t(r ~ '.emerging_subtype'), "' in emerging_industries.csv'"]) ~ " end"]) }}
                when 'traditional' then {{ dbt.concat([
                    "'; '", t(r ~ '.market_segment_en'), "' (traditional): industry code '", industry,
                    "' is not real estate and no emerging tag or industry mapping applies'"]) }}
                else ''
            end
        {%- endset -%}
    {%- endif -%}
    case
        when {{ r }}.population = 'target' then {{ dbt.concat([target, market, segment]) }}
        else {{ dbt.concat([credit, market, segment]) }}
    end
{%- endmacro %}

{#- 分层: the tier and its basis, the value compared, the threshold and its seed row; for
    the SME standard the industry group's medium bounds and the customer's figures. -#}
{% macro explanation_tier_reason(r, language) -%}
    {%- set t = explanation_text -%}
    {%- set zh = language == 'zh' -%}
    {%- set f = explanation_figure -%}
    {%- set unit = "' 元'" if zh else "' CNY'" -%}
    {%- if zh -%}
        {%- set source = dbt.concat([
            "'parameters.csv '", t(r ~ '.tier_threshold_parameter'), "' '",
            "case " ~ r ~ ".tier_threshold_scope_type when 'branch' then "
            ~ dbt.concat(["'网点 '", r ~ '.branch_id', "' 行'"]) ~ " when 'region' then "
            ~ dbt.concat(["'区域 '", r ~ '.region_code', "' 行'"]) ~ " else '全局行' end"]) -%}
    {%- else -%}
        {%- set source = dbt.concat([t(r ~ '.tier_threshold_source'), "' row'"]) -%}
    {%- endif -%}
    {%- set sign = "case when " ~ r ~ ".tier_code in ('above_scale', 'large') then ' ≥ ' else ' < ' end" -%}
    {%- set compared = dbt.concat([f(r ~ '.tier_value', language), unit, sign,
        ("'门槛 '" if zh else "'threshold '"), f(r ~ '.tier_threshold', language), unit,
        ("'（'" if zh else "' ('"), source, ("'）'" if zh else "')'")]) -%}
    {%- set bounds = dbt.concat([
        ("'；行业组 '" if zh else "'; medium lower bounds of industry group '"), t(r ~ '.industry_group'),
        ("' 的中型下限（sme_size_standards.csv）：营业收入 '" if zh else "' (sme_size_standards.csv): revenue '"),
        "coalesce(" ~ dbt.concat(["'≥ '", format_two_decimals(r ~ '.medium_min_revenue_cny')]) ~ ", "
        ~ ("'不适用'" if zh else "'not used'") ~ ")",
        ("'，资产总额 '" if zh else "', total assets '"),
        "coalesce(" ~ dbt.concat(["'≥ '", format_two_decimals(r ~ '.medium_min_assets_cny')]) ~ ", "
        ~ ("'不适用'" if zh else "'not used'") ~ ")",
        ("'，从业人员 '" if zh else "', employees '"),
        "coalesce(" ~ dbt.concat(["'≥ '", "cast(cast(" ~ r ~ ".medium_min_employees as integer) as "
        ~ dbt.type_string() ~ ")"]) ~ ", " ~ ("'不适用'" if zh else "'not used'") ~ ")",
        ("'；本户资产总额 '" if zh else "'; total assets of the customer '"), f(r ~ '.total_assets_cny', language),
        ("'，从业人员 '" if zh else "', employees '"), explanation_count(r ~ '.employee_count', language),
        "case when " ~ r ~ ".tier_code = 'medium' then "
        ~ ("'，均达到'" if zh else "', all reached'")
        ~ " else " ~ ("'，未全部达到（或该行业组无中型标准）'" if zh
            else "', not all reached (or the group has no medium standard)'") ~ " end"]) -%}
    {%- set revenue = "'营业收入 '" if zh else "'revenue '" -%}
    {{ dbt.concat([
        t(r ~ '.tier_code_' ~ language),
        ("'（依据：'" if zh else "' (basis: '"), t(r ~ '.tier_basis_' ~ language), ("'）：'" if zh else "'): '"),
        "case " ~ r ~ ".tier_basis"
        ~ " when 'strategic_list' then "
        ~ dbt.concat([("'所属集团 '" if zh else "'group '"), t(r ~ '.group_id'),
            ("' 在观察日列于 strategic_groups.csv 战略客户名单'" if zh
                else "' is on the strategic list (strategic_groups.csv) on as_of_date'")])
        ~ " when 'deposit_adb' then "
        ~ dbt.concat([("'窗口期日均存款 '" if zh else "'deposit ADB over the window '"), compared])
        ~ " when 'revenue' then " ~ dbt.concat([revenue, compared])
        ~ " when 'sme_standard' then " ~ dbt.concat([revenue, compared, bounds])
        ~ " else " ~ dbt.concat([
            ("'无可用财务数据（营业收入、资产总额、从业人员均为空或无报表），不能为大型或中型；'" if zh
                else "'no usable financials (revenue, total assets and employees all missing, or no statement), "
                ~ "so neither large nor medium; '"),
            revenue, compared])
        ~ " end",
    ]) }}
{%- endmacro %}

{#- 客户群细分: each dimension's value, percent rank in the tier group, the cutoff it was
    compared with and its seed row, the band, and the segment the matrix gives. -#}
{% macro explanation_segment_reason(r, language) -%}
    {%- set t = explanation_text -%}
    {%- set zh = language == 'zh' -%}
    {%- set f = explanation_figure -%}
    {%- set parts = [] -%}
    {%- for d in ['x', 'y'] -%}
        {%- set unit = t(r ~ '.x_unit_' ~ language) if d == 'x' else "''" -%}
        {%- set sign = "case when " ~ r ~ "." ~ d ~ "_band = 'high' then ' ≥ ' else ' < ' end" -%}
        {%- do parts.append(dbt.concat([
            t(r ~ '.' ~ d ~ '_name_' ~ language), "' '", f(r ~ '.' ~ d ~ '_value', language), unit,
            ("'，组内百分位排名 '" if zh else "', percent rank in the group '"),
            f(r ~ '.' ~ d ~ '_percent_rank * 100', language), "'%'",
            "case when " ~ r ~ "." ~ d ~ "_cutoff_method = 'absolute' then "
            ~ dbt.concat([("'，按数值：'" if zh else "', by value: '"), f(r ~ '.' ~ d ~ '_value', language), unit,
                sign, ("'切分值 '" if zh else "'cutoff '"), f(r ~ '.' ~ d ~ '_cutoff', language), unit])
            ~ " else " ~ dbt.concat([sign, ("'切分值 '" if zh else "'cutoff '"),
                f(r ~ '.' ~ d ~ '_cutoff * 100', language), "'%'"]) ~ " end",
            ("'（'" if zh else "' ('"), t(r ~ '.' ~ d ~ '_cutoff_scope'), ("'）→ '" if zh else "') -> '"),
            t(r ~ '.' ~ d ~ '_band_' ~ language)])) -%}
    {%- endfor -%}
    {%- set group = "case when " ~ r ~ ".population = 'existing' then "
        ~ dbt.concat([t(r ~ '.credit_status_' ~ language), "' × '"]) ~ " else '' end" -%}
    {{ dbt.concat([
        t(r ~ '.segment_code_' ~ language),
        ("'：分层客户群（'" if zh else "': in the tier group ('"),
        group, t(r ~ '.market_class_' ~ language), "' × '", t(r ~ '.tier_code_' ~ language),
        ("'）内，'" if zh else "'), '"),
        parts[0], ("'；'" if zh else "'; '"), parts[1],
        ("'；segment_matrix.csv：'" if zh else "'; segment_matrix.csv: '"),
        t(r ~ '.x_band_' ~ language), "'/'", t(r ~ '.y_band_' ~ language), ("' → '" if zh else "' -> '"),
        t(r ~ '.segment_code_' ~ language),
    ]) }}
{%- endmacro %}

{#- 生命周期: the stage and the facts that decided it (docs/segmentation_rules.md §9.1,
    §13.10); targets are prospects. -#}
{% macro explanation_lifecycle_reason(r, language) -%}
    {%- set t = explanation_text -%}
    {%- set zh = language == 'zh' -%}
    {%- set n = explanation_count -%}
    {%- set days = "' 天'" if zh else "' days'" -%}
    {{ dbt.concat([
        t(r ~ '.lifecycle_stage_' ~ language), ("'：'" if zh else "': '"),
        "case " ~ r ~ ".lifecycle_stage"
        ~ " when 'churned' then case when " ~ r ~ ".is_closed_on_as_of then "
        ~ ("'观察日已销户'" if zh else "'closed on as_of_date'")
        ~ " else " ~ ("'观察日无有效账户（0个）且无授信余额'" if zh
            else "'no open account (0) and no credit balance on as_of_date'") ~ " end"
        ~ " when 'dormant' then " ~ dbt.concat([
            ("'有效账户 '" if zh else "'open accounts '"), n(r ~ '.open_account_count', language),
            ("'个，合作 '" if zh else "', relationship '"), n(r ~ '.relationship_days', language), days,
            "' ≥ dormant_days '", n(r ~ '.dormant_days', language), days, ("'，'" if zh else "', '"),
            "case when " ~ r ~ ".days_since_last_transaction is null then "
            ~ ("'窗口内无交易'" if zh else "'no transaction in the window'") ~ " else "
            ~ dbt.concat([("'最近一笔交易距观察日 '" if zh else "'last transaction '"),
                n(r ~ '.days_since_last_transaction', language), days,
                ("''" if zh else "' before as_of_date'"), "' ≥ '", n(r ~ '.dormant_days', language), days])
            ~ " end"])
        ~ " when 'new' then " ~ dbt.concat([
            ("'合作 '" if zh else "'relationship '"), n(r ~ '.relationship_days', language), days,
            "' < new_customer_days '", n(r ~ '.new_customer_days', language), days])
        ~ " when 'loyal' then " ~ (dbt.concat([
            "'观察日已过合作满 '", n(r ~ '.loyal_min_tenure_years', language), "' 年的周年日 '",
            t(r ~ '.loyal_anniversary_date'), "'，最近 '", n(r ~ '.loyal_lookback_months', language),
            "' 个自然月中 '", n(r ~ '.active_month_count', language),
            "' 个月有交易 ≥ loyal_min_active_months '", n(r ~ '.loyal_min_active_months', language)]) if zh
            else dbt.concat([
            "'as_of_date is past the '", n(r ~ '.loyal_min_tenure_years', language),
            "'-year anniversary of the relationship, '", t(r ~ '.loyal_anniversary_date'), "', and '",
            n(r ~ '.active_month_count', language), "' of the last '", n(r ~ '.loyal_lookback_months', language),
            "' calendar months had a transaction ≥ loyal_min_active_months '",
            n(r ~ '.loyal_min_active_months', language)]))
        ~ " when 'active' then " ~ dbt.concat([
            ("'非流失、沉睡、新客户或忠诚：合作 '" if zh
                else "'not churned, dormant, new or loyal: relationship '"),
            n(r ~ '.relationship_days', language), days,
            ("'，最近 '" if zh else "', transactions in '"), n(r ~ '.active_month_count', language),
            "' / '", n(r ~ '.loyal_lookback_months', language),
            ("' 个自然月有交易（忠诚需满 '" if zh else "' calendar months (loyal needs '"),
            n(r ~ '.loyal_min_tenure_years', language),
            ("' 年且 ≥ '" if zh else "' years and ≥ '"), n(r ~ '.loyal_min_active_months', language),
            ("' 个月）'" if zh else "' months)'")])
        ~ " else " ~ ("'目标客户的生命周期阶段为潜在客户'" if zh else "'a target prospect'") ~ " end",
    ]) }}
{%- endmacro %}

{#- 风险: the grade and what decided it: a non-performing exposure, the latest rating, or
    none (docs/segmentation_rules.md §9.2, §13.11); targets have no risk grade. -#}
{% macro explanation_risk_reason(r, language) -%}
    {%- set t = explanation_text -%}
    {%- set zh = language == 'zh' -%}
    {%- set rating = dbt.concat([("'最近评级 '" if zh else "'latest rating '"), t(r ~ '.rating'),
        ("'（'" if zh else "' ('"), t(r ~ '.rating_date'), ("'）'" if zh else "')'")]) -%}
    case
        when {{ r }}.population = 'target'
            then {{ "'目标客户不评定风险等级'" if zh else "'targets have no risk grade'" }}
        when {{ r }}.has_non_performing_on_as_of then {{ dbt.concat([
            t(r ~ '.risk_grade_' ~ language),
            ("'：观察日有余额的授信为不良（次级及以下），不论评级'" if zh
                else "': an exposure with a balance on as_of_date is non-performing (substandard or worse), "
                ~ "whatever the rating'")]) }}
        when {{ r }}.rating is not null then {{ dbt.concat([
            t(r ~ '.risk_grade_' ~ language), ("'：'" if zh else "': '"), rating,
            ("'，按 rating_scale.csv 映射'" if zh else "', through rating_scale.csv'")]) }}
        else {{ dbt.concat([
            t(r ~ '.risk_grade_' ~ language),
            ("'：观察日或之前无评级'" if zh else "': no rating on or before as_of_date'")]) }}
    end
{%- endmacro %}

{#- 差别化服务: the service level, team and visit frequency, from the segment's strategy or
    the strategic tier (docs/segmentation_rules.md §10). -#}
{% macro explanation_service_reason(r, language) -%}
    {%- set t = explanation_text -%}
    {%- set zh = language == 'zh' -%}
    {%- set visits = dbt.concat([("'每 '" if zh else "'a visit every '"),
        explanation_count(r ~ '.visit_frequency_days', language), ("' 天拜访一次'" if zh else "' days'")]) -%}
    case
        when {{ r }}.tier_code = 'strategic' then {{ dbt.concat([
            t(r ~ '.service_level_' ~ language),
            ("'：战略性客户恒为钻石级并配专属团队，'" if zh
                else "': the strategic tier is always diamond with a dedicated team, '"),
            visits, ("'（不超过 diamond_visit_frequency_days）'" if zh
                else "' (at most diamond_visit_frequency_days)'")]) }}
        else {{ dbt.concat([
            t(r ~ '.service_level_' ~ language), ("'：'" if zh else "': the service of segment '"),
            t(r ~ '.segment_code_' ~ language),
            ("'的服务（segment_strategies.csv），'" if zh else "' (segment_strategies.csv), '"),
            "case when " ~ r ~ ".dedicated_team then "
            ~ ("'配专属团队'" if zh else "'a dedicated team'") ~ " else "
            ~ ("'不配专属团队'" if zh else "'no dedicated team'") ~ " end",
            ("'，'" if zh else "', '"), visits]) }}
    end
{%- endmacro %}
