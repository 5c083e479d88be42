import { Controller, Get, Post } from '@nestjs/common';
import { MetadataScanner, Reflector, type DiscoveryService } from '@nestjs/core';
import { Public, RequirePermission } from '../../common/access/access.decorators';
import { undeclaredRoutes } from './route-declaration.check';

@Controller('x')
class MixedController {
  @Get('a')
  @RequirePermission('recording.read', 'a')
  a() {}

  @Get('b')
  @Public('b')
  b() {}

  @Post('c')
  forgotten() {}

  helper() {}
}

const discovery = (...metatypes: (new () => unknown)[]) =>
  ({ getControllers: () => metatypes.map((m) => ({ metatype: m, name: m.name })) }) as unknown as DiscoveryService;

describe('route declaration check', () => {
  it('names every route without @RequirePermission or @Public, and only those', () => {
    expect(undeclaredRoutes(discovery(MixedController), new MetadataScanner(), new Reflector())).toEqual([
      'MixedController.forgotten',
    ]);
  });
});
