import * as assert from 'node:assert/strict';
import { searchExcludeGlob } from '../../../src/context/searchExclude';

describe('searchExcludeGlob', () => {
  it('VS Code\'s default search.exclude becomes one glob that also covers the folders\' contents', () => {
    assert.equal(
      searchExcludeGlob({ '**/node_modules': true, '**/bower_components': true, '**/*.code-search': true }),
      '{**/node_modules,**/node_modules/**,**/bower_components,**/bower_components/**,**/*.code-search,**/*.code-search/**}',
    );
  });

  it('only patterns set to true count; conditions, false and braces are left out', () => {
    assert.equal(searchExcludeGlob({ 'dist/': true, 'out/**': true, '**/*.js': { when: '$(basename).ts' }, build: false, '{a,b}': true }), '{dist/,dist/**,out/**}');
  });

  it('nothing to exclude: undefined (findFiles then applies files.exclude alone)', () => {
    assert.equal(searchExcludeGlob(undefined), undefined);
    assert.equal(searchExcludeGlob({}), undefined);
    assert.equal(searchExcludeGlob({ '**/x': false }), undefined);
    assert.equal(searchExcludeGlob('**/x'), undefined);
  });
});
